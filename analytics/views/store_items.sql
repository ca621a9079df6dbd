-- The latest image of every item of the main table. The full export holds each item as it was at the export's time
-- (write_time 0); each incremental export holds every change after it with its write time (microseconds). The
-- newest row of a key wins; a deletion (no NewImage) leaves the key out. Rows with no key are not items (Athena also
-- reads an export's manifest files, which the table's SerDe turns into empty rows).
SELECT pk, sk, image
FROM (
  SELECT pk, sk, image, row_number() OVER (PARTITION BY pk, sk ORDER BY write_time DESC) AS newest
  FROM (
    SELECT item.pk.s AS pk, item.sk.s AS sk, item AS image, CAST(0 AS BIGINT) AS write_time
    FROM main_table_full
    UNION ALL
    SELECT "keys".pk.s, "keys".sk.s, newimage, CAST(metadata.writetime.n AS BIGINT)
    FROM main_table_changes
  ) AS versions
  WHERE pk IS NOT NULL
) AS ranked
WHERE newest = 1 AND image IS NOT NULL
