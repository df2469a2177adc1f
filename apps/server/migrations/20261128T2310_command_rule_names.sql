-- The seeded priority and early-warning rules were named in English; the
-- configuration page, alert titles and priority reasons show these names as
-- they are, so they are Chinese like the rest of the station's data. Only
-- rows still carrying the seeded name change: a name a leader has edited stays.
UPDATE priority_rules SET name = CASE name
    WHEN 'Weapons or injuries mentioned' THEN '涉及刀枪或人员受伤'
    WHEN 'Child or elderly person missing' THEN '儿童或老人走失'
    WHEN 'Crime in progress' THEN '违法犯罪正在发生'
    WHEN 'Night-time disturbance' THEN '夜间治安警情'
    WHEN 'Camera early warning' THEN '视频监控预警'
  END
WHERE name IN ('Weapons or injuries mentioned', 'Child or elderly person missing', 'Crime in progress',
               'Night-time disturbance', 'Camera early warning');

UPDATE warning_rules SET name = CASE name
    WHEN 'Three disputes at one address within 30 days' THEN '同一地址 30 天内 3 起纠纷'
    WHEN 'Five calls from one number within 7 days' THEN '同一号码 7 天内来电 5 次'
    WHEN 'Three thefts in one grid within 7 days' THEN '同一网格 7 天内 3 起盗窃'
  END
WHERE name IN ('Three disputes at one address within 30 days', 'Five calls from one number within 7 days',
               'Three thefts in one grid within 7 days');
