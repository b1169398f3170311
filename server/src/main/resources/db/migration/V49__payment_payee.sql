-- A payment keeps the payee it was listed with: name, bank and account (encrypted as the subject's, with its
-- masked copy). Until now every page and export read the subject's current account, so an account changed
-- after listing showed on payments listed, and even paid, to the old one. Existing rows take the subject's
-- current data, which is what was shown for them so far.
alter table payment
    add column payee_name          varchar(200),
    add column payee_bank_name     varchar(100),
    add column payee_account_enc   text,
    add column payee_account_masked varchar(40);

update payment p
set payee_name = s.name,
    payee_bank_name = s.bank_name,
    payee_account_enc = s.bank_account_enc,
    payee_account_masked = s.bank_account_masked
from application a
join subject s on s.id = a.subject_id
where a.id = p.application_id;

alter table payment alter column payee_name set not null;
