-- Metabase native question (line chart, x = time): weekly mean health score
-- per segment, optionally for one segment (the variable segment, a Text variable).
SELECT week AS time, segment, mean_health
FROM segment_health
WHERE true [[AND segment = {{segment}}]]
ORDER BY week, segment
