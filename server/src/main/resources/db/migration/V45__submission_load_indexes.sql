-- Indexes for application submission under load (issue 5).
-- The applicant's list (GET /api/applications) filters on the creator, the subject, or an agency's clients;
-- with an index on each the planner combines them (BitmapOr) instead of scanning every application.
create index application_created_by on application (created_by);
-- Editing a draft's claims detaches the materials of a claim dropped (update material ... where claim_id in ...).
create index material_claim on material (claim_id) where claim_id is not null;
-- A rolled-back upload checks whether another row still refers to the same content before deleting it.
create index stored_file_sha256 on stored_file (sha256);
