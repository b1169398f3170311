-- Rounds: who closed a round and when, and who changed it last.
alter table round add column closed_at  timestamptz;
alter table round add column closed_by  bigint references app_user (id);
alter table round add column updated_at timestamptz not null default now();
alter table round add column updated_by bigint references app_user (id);
create index round_policy_year on round (policy_id, year);
create index round_window on round (status, opens_at, closes_at);

-- Working-day calendar: official public holidays (法定节假日) and make-up working days (调休上班) for 2025
-- and 2026. Only days that differ from Monday–Friday are stored: holiday days falling on Monday–Friday
-- (workday = false) and weekend days worked in lieu (workday = true); each note names the whole break.
--
-- Sources:
--   《国务院办公厅关于2025年部分节假日安排的通知》（国办发明电〔2024〕12号）
--   《国务院办公厅关于2026年部分节假日安排的通知》
-- Administrators should verify these days against the published notices in the calendar settings
-- (系统设置 → 工作日历, API PUT/DELETE /api/calendar/{date}) and add later years there as they are announced.

insert into calendar_day (day, workday, note)
select d::date, false, h.note
from (values
        (date '2025-01-01', date '2025-01-01', '元旦（2025年1月1日放假，共1天）'),
        (date '2025-01-28', date '2025-02-04', '春节（2025年1月28日至2月4日放假调休，共8天）'),
        (date '2025-04-04', date '2025-04-06', '清明节（2025年4月4日至6日放假，共3天）'),
        (date '2025-05-01', date '2025-05-05', '劳动节（2025年5月1日至5日放假调休，共5天）'),
        (date '2025-05-31', date '2025-06-02', '端午节（2025年5月31日至6月2日放假，共3天）'),
        (date '2025-10-01', date '2025-10-08', '国庆节、中秋节（2025年10月1日至8日放假调休，共8天）'),
        (date '2026-01-01', date '2026-01-03', '元旦（2026年1月1日至3日放假调休，共3天）'),
        (date '2026-02-15', date '2026-02-23', '春节（2026年2月15日至23日放假调休，共9天）'),
        (date '2026-04-04', date '2026-04-06', '清明节（2026年4月4日至6日放假，共3天）'),
        (date '2026-05-01', date '2026-05-05', '劳动节（2026年5月1日至5日放假调休，共5天）'),
        (date '2026-06-19', date '2026-06-21', '端午节（2026年6月19日至21日放假，共3天）'),
        (date '2026-09-25', date '2026-09-27', '中秋节（2026年9月25日至27日放假，共3天）'),
        (date '2026-10-01', date '2026-10-07', '国庆节（2026年10月1日至7日放假调休，共7天）')
     ) as h (first_day, last_day, note),
     generate_series(h.first_day, h.last_day, interval '1 day') as d
where extract(isodow from d) < 6;

insert into calendar_day (day, workday, note) values
    (date '2025-01-26', true, '春节调休上班（周日）'),
    (date '2025-02-08', true, '春节调休上班（周六）'),
    (date '2025-04-27', true, '劳动节调休上班（周日）'),
    (date '2025-09-28', true, '国庆节、中秋节调休上班（周日）'),
    (date '2025-10-11', true, '国庆节、中秋节调休上班（周六）'),
    (date '2026-01-04', true, '元旦调休上班（周日）'),
    (date '2026-02-14', true, '春节调休上班（周六）'),
    (date '2026-02-28', true, '春节调休上班（周六）'),
    (date '2026-05-09', true, '劳动节调休上班（周六）'),
    (date '2026-09-20', true, '国庆节调休上班（周日）'),
    (date '2026-10-10', true, '国庆节调休上班（周六）');
