/** The one Powertools logger (structured JSON to CloudWatch Logs); any layer may log through it. */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'refund-pipeline' });
