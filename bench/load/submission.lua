-- wrk script: application submission on a deadline day, by many applicants at once, as a mix of the two ways an
-- application reaches the server plus status reads. Applicants (API tokens of seeded users, half Pinggu, half
-- Jindong enterprises) are taken in turn from the file in APPLICANTS_FILE (bench/load/seed.sql writes it).
--
-- The mix (per thread, by a rotating counter; STEP_EVERY=5 and READ_EVERY=2 by default):
--   * direct filings (4 of 5): an API client (an enterprise's system, or a service agency filing for clients)
--     sends the whole application in ONE request — POST /api/applications as multipart/form-data: the part
--     `application` (round, 1–3 claims, and each material's kind and part name) and one small PDF part per
--     material kind the claims need — with `Prefer: return=minimal` and an Idempotency-Key; the server creates,
--     attaches, checks and submits in one transaction. Every READ_EVERY-th direct filing is followed by a status
--     read of that application (GET /api/applications/{id}, the full view; with STATUS_BRIEF=1 the brief, sending
--     Prefer: return=minimal as a client that polls its application's progress would).
--   * step-by-step filings (1 of 5), portal-like, with the full view as every answer: create a draft with 1–3
--     claims (POST /api/applications, JSON, Idempotency-Key), FIX a fact the first draft got wrong (PUT
--     /api/applications/{id}: the first claim's amount was typed without a digit), upload each material still
--     missing, one request per kind (POST …/materials, multipart), submit (POST …/actions/submit), then read
--     the applicant's list (GET /api/applications?size=10).
-- So per 5 submissions: 4 direct + 2 status reads, and 1 step-by-step of about 1 + 1 + 3.3 + 1 + 1 requests —
-- about 2.7 requests per submission. Every submission is complete (the server checks facts and materials at
-- submit); the estimate is computed against the policy's live ledger.
--
-- wrk keeps one Lua state per thread, not per connection, so each thread keeps a queue of next steps, filled
-- from the responses (the answers name the application, its subject, version, state and the materials still
-- missing) and drained by whichever connection asks next; a thread with nothing queued starts a new filing.
-- Non-2xx answers are counted as errors (by status, first body printed) and break that application's chain.
local applicants = {}
local by_subject = {}
local threads = {}
local boundary = "----ipawardload7MA4YWxkTrZu0gW"

-- claims: body, and the material kinds the measure needs (policies/*/policy.yaml)
local pg_claims = {
  { '{"measure":"PG-pledge","facts":{"right_kind":"patent","first_rights_holder":true,"bank_loan":true,"loan_interest":"120000.00"}}',
    { "subject_certificate", "pledge_loan_documents", "fee_receipts" } },
  { '{"measure":"PG-patent-award","facts":{"right_kind":"patent","first_rights_holder":true,"patent_number":"ZL202310123456.6","award_level":"silver"}}',
    { "subject_certificate", "grant_proof" } },
  { '{"measure":"PG-gbt29490","facts":{"certified":true,"certification_fee":"80000.00"}}',
    { "subject_certificate", "grant_proof", "fee_receipts" } },
  { '{"measure":"PG-pledge","facts":{"right_kind":"patent","first_rights_holder":false,"bank_loan":true,"loan_interest":"60000.00"}}',
    { "subject_certificate", "pledge_loan_documents", "fee_receipts" } },
  { '{"measure":"PG-patent-award","facts":{"right_kind":"patent","first_rights_holder":true,"patent_number":"ZL202010566088.9","award_level":"gold"}}',
    { "subject_certificate", "grant_proof" } },
}
local jd_claims = {
  { '{"measure":"JD-pledge","facts":{"right_kind":"patent","repaid_on_time":true,"secured_principal":"5000000.00","loan_days":365,"interest_paid":"180000.00"}}',
    { "subject_certificate", "loan_documents" } },
  { '{"measure":"JD-patent-award","facts":{"award_item":"ZL202010566088.9","award_level":"cn_silver"}}',
    { "subject_certificate", "award_certificate" } },
  { '{"measure":"JD-patent-intensive","facts":{"gbt29490_certified":true,"gbt29490_implemented":true,"invention_patents":8,"invention_patents_prev_year":4,"annual_sales":"12000000.00","total_revenue":"12500000.00","patent_product_sales":"4000000.00","training_rate":100}}',
    { "subject_certificate", "certification_certificate", "patent_list", "audit_report", "training_records" } },
  { '{"measure":"JD-pledge","facts":{"right_kind":"patent","repaid_on_time":true,"secured_principal":"2000000.00","loan_days":180,"interest_paid":"50000.00"}}',
    { "subject_certificate", "loan_documents" } },
}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local file = os.getenv("APPLICANTS_FILE") or "applicants.tsv"
  for line in io.lines(file) do
    local token, subject, round, policy = string.match(line, "^(%S+)\t(%d+)\t(%d+)\t(%S+)")
    if token then
      local a = { token = token, subject = subject, round = round, policy = policy }
      applicants[#applicants + 1] = a
      by_subject[subject] = a
    end
  end
  step_every = tonumber(os.getenv("STEP_EVERY") or "5")
  read_every = tonumber(os.getenv("READ_EVERY") or "2")
  status_brief = os.getenv("STATUS_BRIEF") == "1" -- the status reads ask for the brief, as a polling client would
  -- ASYNC=1: direct filings go to the deadline-day intake (Prefer: respond-async, answered 202 with a receipt);
  -- their status reads poll the receipt (GET /api/intake/{id}) instead of the application
  async = os.getenv("ASYNC") == "1"
  -- threads start at different applicants so they do not file for the same ones at the same time
  nth = (id or 1) * 7919
  run = os.time() -- idempotency keys unique per run (the warm-up and the measured run are two wrk processes)
  seq = 0
  queue = {}
  fixes = {}        -- subject → the corrected claims of its step-by-step draft
  reads = {}        -- application id → a status read is queued for it
  senders = {}      -- idempotency key → the sender's token (a receipt is read by its sender)
  errors = {}
  error_count = 0
  direct = 0
  created = 0
  fixed = 0
  uploaded = 0
  submitted = 0
  statuses = 0
  listed = 0
  sample = nil
end

-- n distinct measures of the applicant's policy: their claims (a JSON list body) and the material kinds needed
local function pick(a, n)
  local pool = a.policy == "pinggu-2025" and pg_claims or jd_claims
  local picked, kinds, used, seen = {}, {}, {}, {}
  local k = nth
  while #picked < n do
    local c = pool[(k % #pool) + 1]
    local measure = string.match(c[1], '"measure":"([%w-]+)"')
    if not used[measure] then
      used[measure] = true
      picked[#picked + 1] = c[1]
      for _, kind in ipairs(c[2]) do
        if not seen[kind] then
          seen[kind] = true
          kinds[#kinds + 1] = kind
        end
      end
    end
    k = k + 1
  end
  return picked, kinds
end

local function pdf(app, kind)
  seq = seq + 1
  return string.format("%%PDF-1.4\n%% ipaward load test %d-%d-%s-%s\n1 0 obj <<>> endobj\ntrailer <<>>\n%%%%EOF\n",
    id or 1, seq, app, kind)
end

local function file_part(name, kind, content)
  return "--" .. boundary .. "\r\n"
    .. 'Content-Disposition: form-data; name="' .. name .. '"; filename="' .. kind .. '.pdf"\r\n'
    .. "Content-Type: application/pdf\r\n\r\n" .. content .. "\r\n"
end

local function new_filing()
  nth = nth + 1
  local a = applicants[(nth % #applicants) + 1]
  local n = (nth % 3) + 1 -- 1, 2 or 3 claims
  if a.policy == "jindong-2023" and n == 3 then n = 2 end -- keeps Jindong's material list realistic
  local claims, kinds = pick(a, n)
  local key = string.format("load-%d-%d-%d", run, id or 1, nth)
  if async and nth % step_every ~= 0 then
    senders[key] = a.token
  end
  if nth % step_every ~= 0 then
    -- direct: the whole application in one multipart request
    local materials = {}
    local body = {}
    for i, kind in ipairs(kinds) do
      materials[#materials + 1] = string.format('{"kind":"%s","file":"f%d"}', kind, i)
      body[#body + 1] = file_part("f" .. i, kind, pdf(key, kind))
    end
    local application = string.format('{"round_id":%s,"claims":[%s],"materials":[%s]}',
      a.round, table.concat(claims, ","), table.concat(materials, ","))
    local head = "--" .. boundary .. "\r\n"
      .. 'Content-Disposition: form-data; name="application"\r\n'
      .. "Content-Type: application/json\r\n\r\n" .. application .. "\r\n"
    return wrk.format("POST", "/api/applications", {
      ["Authorization"] = "Bearer " .. a.token,
      ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
      ["Prefer"] = async and "respond-async" or "return=minimal",
      ["Idempotency-Key"] = key,
    }, head .. table.concat(body) .. "--" .. boundary .. "--\r\n")
  end
  -- step by step: the first draft has the first claim's amount mistyped (a digit short); the fix corrects it
  local good = table.concat(claims, ",")
  local typo = string.gsub(claims[1], '(%d)(%d)0000%.00"', '%10000.00"', 1)
  fixes[a.subject] = string.format('{"claims":[%s]}', good)
  claims[1] = typo
  local body = string.format('{"round_id":%s,"claims":[%s]}', a.round, table.concat(claims, ","))
  return wrk.format("POST", "/api/applications", {
    ["Authorization"] = "Bearer " .. a.token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = key,
  }, body)
end

local function upload(step)
  local body = "--" .. boundary .. "\r\n"
    .. 'Content-Disposition: form-data; name="kind"\r\n\r\n' .. step.kind .. "\r\n"
    .. file_part("file", step.kind, pdf(step.app, step.kind))
    .. "--" .. boundary .. "--\r\n"
  return wrk.format("POST", "/api/applications/" .. step.app .. "/materials",
    { ["Authorization"] = "Bearer " .. step.token, ["Content-Type"] = "multipart/form-data; boundary=" .. boundary }, body)
end

function request()
  local step = table.remove(queue, 1)
  if step == nil then
    return new_filing()
  elseif step.kind then
    return upload(step)
  elseif step.fix then
    return wrk.format("PUT", "/api/applications/" .. step.app,
      { ["Authorization"] = "Bearer " .. step.token, ["Content-Type"] = "application/json" }, step.fix)
  elseif step.list then
    return wrk.format("GET", "/api/applications?size=10", { ["Authorization"] = "Bearer " .. step.token }, nil)
  elseif step.receipt then
    return wrk.format("GET", "/api/intake/" .. step.receipt, { ["Authorization"] = "Bearer " .. step.token }, nil)
  elseif step.status then
    local h = { ["Authorization"] = "Bearer " .. step.token }
    if status_brief then
      h["Prefer"] = "return=minimal"
    end
    return wrk.format("GET", "/api/applications/" .. step.app, h, nil)
  else
    return wrk.format("POST", "/api/applications/" .. step.app .. "/actions/submit",
      { ["Authorization"] = "Bearer " .. step.token, ["Content-Type"] = "application/json" }, "{}")
  end
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    error_count = error_count + 1
    errors[status] = (errors[status] or 0) + 1
    if sample == nil then
      sample = status .. " " .. string.sub(body or "", 1, 400)
    end
    return
  end
  local receipt, receipt_status = string.match(body, '^{"id":(%d+),"status":{"id":"(%a+)"')
  if receipt then
    if reads[receipt] then
      -- a status read of a receipt
      reads[receipt] = nil
      statuses = statuses + 1
      return
    end
    -- a direct filing received by the intake (filed by its worker afterwards)
    local key = string.match(body, '"idempotency_key":"([%w-]+)"')
    local token = key and senders[key]
    if key then
      senders[key] = nil
    end
    submitted = submitted + 1
    direct = direct + 1
    if token and direct % read_every == 0 then
      reads[receipt] = true
      table.insert(queue, { receipt = receipt, token = token })
    end
    return
  end
  if string.sub(body, 1, 9) == '{"items":' then
    listed = listed + 1
    return
  end
  local app = string.match(body, '^{"id":(%d+)')
  local subject = string.match(body, '"subject_id":(%d+)')
  local state = string.match(body, '"state":{"id":"([%w_]+)"')
  local version = tonumber(string.match(body, '"version":(%d+)') or "-1")
  local a = by_subject[subject]
  if app == nil or a == nil then
    return
  end
  local full = string.find(body, '"claims":[', 1, true) ~= nil
  if not full then
    if reads[app] then
      -- the brief answering a status read (STATUS_BRIEF=1)
      reads[app] = nil
      statuses = statuses + 1
      return
    end
    -- the brief of a direct filing: submitted in one request
    if state == "submitted" then
      submitted = submitted + 1
      direct = direct + 1
      if direct % read_every == 0 then
        reads[app] = true
        table.insert(queue, { status = true, app = app, token = a.token })
      end
    end
    return
  end
  if state == "submitted" then
    if reads[app] then
      reads[app] = nil
      statuses = statuses + 1
    else
      submitted = submitted + 1
      table.insert(queue, { list = true, token = a.token })
    end
    return
  end
  if version == 0 then
    created = created + 1
    local fix = fixes[subject]
    fixes[subject] = nil
    if fix then
      table.insert(queue, { app = app, token = a.token, fix = fix })
      return
    end
  elseif version == 1 then
    fixed = fixed + 1
  else
    uploaded = uploaded + 1
  end
  local missing = string.match(body, '.*"missing_materials":%[(.-)%],"events"')
  local kind = missing and string.match(missing, '"([%w_]+)"')
  if kind then
    table.insert(queue, { app = app, token = a.token, kind = kind })
  else
    table.insert(queue, { app = app, token = a.token })
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local t = { error_count = 0, direct = 0, created = 0, fixed = 0, uploaded = 0, submitted = 0, statuses = 0,
    listed = 0 }
  local by = {}
  for _, th in ipairs(threads) do
    for k, _ in pairs(t) do
      t[k] = t[k] + (th:get(k) or 0)
    end
    for k, v in pairs(th:get("errors") or {}) do
      by[k] = (by[k] or 0) + v
    end
    local s = th:get("sample")
    if s ~= nil then
      io.write("  first error: " .. s .. "\n")
    end
  end
  io.write(string.format("  non_2xx_errors %d of %d requests", t.error_count, summary.requests))
  for k, v in pairs(by) do
    io.write(string.format(" [%s: %d]", k, v))
  end
  io.write("\n")
  io.write(string.format("  mix: direct submissions %d, step-by-step: drafts %d, fixes %d, uploads %d, submitted %d;"
    .. " status reads %d, list reads %d\n",
    t.direct, t.created, t.fixed, t.uploaded, t.submitted - t.direct, t.statuses, t.listed))
  io.write(string.format("  submissions per second %.1f; requests per second %.1f; requests per submission %.2f\n",
    t.submitted / seconds, summary.requests / seconds, t.submitted > 0 and summary.requests / t.submitted or 0))
  io.write(string.format("  all requests: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end
