-- wrk script: application submission as the applicant portal does it, by many applicants at once.
-- Each application goes through: create a draft with 1–3 claims (POST /api/applications) → upload each
-- material the claims still miss, one request per kind (POST /api/applications/{id}/materials, multipart,
-- a small PDF with distinct content) → submit (POST /api/applications/{id}/actions/submit) → every second
-- application, the applicant's list (GET /api/applications?size=10) as the portal shows after submitting.
-- Applicants (API tokens of seeded users, half Pinggu, half Jindong) are taken in turn from the file in
-- APPLICANTS_FILE (bench/load/seed.sql writes it). wrk keeps one Lua state per thread, not per connection,
-- so each thread keeps a queue of next steps, filled from the responses (the view names the application, its
-- subject and the materials still missing) and drained by whichever connection asks next.
-- Non-2xx answers are counted as errors (by status, first body printed) and break that application's chain.
local applicants = {}
local by_subject = {}
local threads = {}
local boundary = "----ipawardload7MA4YWxkTrZu0gW"

local pg_claims = {
  '{"measure":"PG-pledge","facts":{"right_kind":"patent","first_rights_holder":true,"bank_loan":true,"loan_interest":"120000.00"}}',
  '{"measure":"PG-patent-award","facts":{"right_kind":"patent","first_rights_holder":true,"patent_number":"ZL202310123456.6","award_level":"silver"}}',
  '{"measure":"PG-gbt29490","facts":{"certified":true,"certification_fee":"80000.00"}}',
  '{"measure":"PG-pledge","facts":{"right_kind":"patent","first_rights_holder":false,"bank_loan":true,"loan_interest":"60000.00"}}',
  '{"measure":"PG-patent-award","facts":{"right_kind":"patent","first_rights_holder":true,"patent_number":"ZL202010566088.9","award_level":"gold"}}',
}
local jd_claims = {
  '{"measure":"JD-pledge","facts":{"right_kind":"patent","repaid_on_time":true,"secured_principal":"5000000.00","loan_days":365,"interest_paid":"180000.00"}}',
  '{"measure":"JD-patent-award","facts":{"award_item":"ZL202010566088.9","award_level":"cn_silver"}}',
  '{"measure":"JD-patent-intensive","facts":{"gbt29490_certified":true,"gbt29490_implemented":true,"invention_patents":8,"invention_patents_prev_year":4,"annual_sales":"12000000.00","total_revenue":"12500000.00","patent_product_sales":"4000000.00","training_rate":100}}',
  '{"measure":"JD-pledge","facts":{"right_kind":"patent","repaid_on_time":true,"secured_principal":"2000000.00","loan_days":180,"interest_paid":"50000.00"}}',
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
  -- threads start at different applicants so they do not file for the same ones at the same time
  nth = (id or 1) * 7919
  seq = 0
  queue = {}
  errors = {}
  error_count = 0
  created = 0
  uploaded = 0
  submitted = 0
  listed = 0
  sample = nil
end

local function claims_for(a, n)
  local pool = a.policy == "pinggu-2025" and pg_claims or jd_claims
  local picked, used = {}, {}
  local k = nth
  while #picked < n do
    local c = pool[(k % #pool) + 1]
    local measure = string.match(c, '"measure":"([%w-]+)"')
    if not used[measure] then
      used[measure] = true
      picked[#picked + 1] = c
    end
    k = k + 1
  end
  return table.concat(picked, ",")
end

local function new_draft()
  nth = nth + 1
  local a = applicants[(nth % #applicants) + 1]
  local n = (nth % 3) + 1 -- 1, 2 or 3 claims
  if a.policy == "jindong-2023" and n == 3 then n = 2 end -- keeps Jindong's material list realistic
  local body = string.format('{"round_id":%s,"claims":[%s]}', a.round, claims_for(a, n))
  return wrk.format("POST", "/api/applications",
    { ["Authorization"] = "Bearer " .. a.token, ["Content-Type"] = "application/json" }, body)
end

local function upload(step)
  seq = seq + 1
  local pdf = string.format("%%PDF-1.4\n%% ipaward load test %d-%d-%s-%s\n1 0 obj <<>> endobj\ntrailer <<>>\n%%%%EOF\n",
    id or 1, seq, step.app, step.kind)
  local body = "--" .. boundary .. "\r\n"
    .. 'Content-Disposition: form-data; name="kind"\r\n\r\n' .. step.kind .. "\r\n"
    .. "--" .. boundary .. "\r\n"
    .. 'Content-Disposition: form-data; name="file"; filename="' .. step.kind .. '.pdf"\r\n'
    .. "Content-Type: application/pdf\r\n\r\n" .. pdf .. "\r\n"
    .. "--" .. boundary .. "--\r\n"
  return wrk.format("POST", "/api/applications/" .. step.app .. "/materials",
    { ["Authorization"] = "Bearer " .. step.token, ["Content-Type"] = "multipart/form-data; boundary=" .. boundary }, body)
end

function request()
  local step = table.remove(queue, 1)
  if step == nil then
    return new_draft()
  elseif step.kind then
    return upload(step)
  elseif step.list then
    return wrk.format("GET", "/api/applications?size=10", { ["Authorization"] = "Bearer " .. step.token }, nil)
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
  if string.sub(body, 1, 9) == '{"items":' then
    listed = listed + 1
    return
  end
  local app = string.match(body, '^{"id":(%d+)')
  local subject = string.match(body, '"subject_id":(%d+)')
  local state = string.match(body, '"state":{"id":"([%w_]+)"')
  local a = by_subject[subject]
  if app == nil or a == nil then
    return
  end
  if state == "submitted" then
    submitted = submitted + 1
    if tonumber(app) % 2 == 0 then
      table.insert(queue, { list = true, token = a.token })
    end
    return
  end
  if string.find(body, '"materials":[],"missing_materials"', 1, true) then
    created = created + 1
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
  local t = { error_count = 0, created = 0, uploaded = 0, submitted = 0, listed = 0 }
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
  io.write(string.format("  mix: drafts created %d, materials uploaded %d, submitted %d, lists read %d\n",
    t.created, t.uploaded, t.submitted, t.listed))
  io.write(string.format("  submissions per second %.1f; requests per submission %.2f\n",
    t.submitted / seconds, t.submitted > 0 and summary.requests / t.submitted or 0))
  io.write(string.format("  all requests: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end
