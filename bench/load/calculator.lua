-- wrk script: the public policy calculator (POST /api/public/calculate, no sign-in), as the /calculator
-- page calls it. Rotates 20 request bodies over both policies: eligible, not eligible (wrong region, not the
-- first rights holder, not certified, below thresholds), undetermined (facts missing), one to three claims,
-- with the step-by-step explanation (explain true, what the page asks for) in 15 of 20 and without in 5.
-- Non-2xx answers are counted as errors and printed by status at the end.
local bodies = {}

local function pg(region, claims, explain)
  return string.format(
    '{"policy_id":"pinggu-2025","subject":{"kind":"enterprise","name":"压测企业","registered_region":"%s"},"claims":[%s],"explain":%s}',
    region, table.concat(claims, ","), explain and "true" or "false")
end

local function jd(region, mu, claims, explain)
  return string.format(
    '{"policy_id":"jindong-2023","subject":{"kind":"enterprise","name":"压测企业","registered_region":"%s","mu_grade":"%s"},"claims":[%s],"explain":%s}',
    region, mu, table.concat(claims, ","), explain and "true" or "false")
end

local function pledge(interest, first)
  return string.format(
    '{"measure":"PG-pledge","facts":{"right_kind":"patent","first_rights_holder":%s,"bank_loan":true,"loan_interest":"%s"}}',
    first and "true" or "false", interest)
end
local function award(number, level)
  return string.format(
    '{"measure":"PG-patent-award","facts":{"right_kind":"patent","first_rights_holder":true,"patent_number":"%s","award_level":"%s"}}',
    number, level)
end
local function gbt(certified, fee)
  return string.format('{"measure":"PG-gbt29490","facts":{"certified":%s,"certification_fee":"%s"}}',
    certified and "true" or "false", fee)
end
local pg_pledge_undetermined = '{"measure":"PG-pledge","facts":{"right_kind":"patent","bank_loan":true}}'
local pg_award_undetermined = '{"measure":"PG-patent-award","facts":{"right_kind":"patent","first_rights_holder":true}}'

local function intensive(patents, prev, sales)
  return string.format(
    '{"measure":"JD-patent-intensive","facts":{"gbt29490_certified":true,"gbt29490_implemented":true,"invention_patents":%d,"invention_patents_prev_year":%d,"annual_sales":"%s","total_revenue":"12500000.00","patent_product_sales":"4000000.00","training_rate":100}}',
    patents, prev, sales)
end
local function jdpledge(principal, days, interest, on_time)
  return string.format(
    '{"measure":"JD-pledge","facts":{"right_kind":"patent","repaid_on_time":%s,"secured_principal":"%s","loan_days":%d,"interest_paid":"%s"}}',
    on_time and "true" or "false", principal, days, interest)
end
local jdaward = '{"measure":"JD-patent-award","facts":{"award_item":"ZL202010566088.9","award_level":"cn_silver"}}'
local jd_intensive_undetermined = '{"measure":"JD-patent-intensive","facts":{"gbt29490_certified":true,"invention_patents":8}}'

-- Pinggu (110117): 10 bodies
bodies[#bodies + 1] = pg("110117", { pledge("120000.00", true) }, true)                    -- eligible
bodies[#bodies + 1] = pg("110117", { pledge("400000.00", true) }, true)                    -- eligible, capped
bodies[#bodies + 1] = pg("110117", { award("ZL202310123456.6", "silver") }, true)          -- eligible
bodies[#bodies + 1] = pg("110117", { award("ZL202010566088.9", "gold"), gbt(true, "80000.00") }, true)
bodies[#bodies + 1] = pg("110117", { pledge("60000.00", false) }, true)                    -- not eligible
bodies[#bodies + 1] = pg("110105", { gbt(true, "80000.00") }, true)                        -- not eligible: region
bodies[#bodies + 1] = pg("110117", { gbt(false, "50000.00") }, false)                      -- not eligible
bodies[#bodies + 1] = pg("110117", { pg_pledge_undetermined }, true)                       -- undetermined
bodies[#bodies + 1] = pg("110117", { pg_award_undetermined, pledge("90000.00", true) }, false)
bodies[#bodies + 1] = pg("110117", { pledge("250000.00", true), award("ZL202410112257.X", "excellence"), gbt(true, "120000.00") }, true)
-- Jindong (330703): 10 bodies
bodies[#bodies + 1] = jd("330703", "A", { intensive(8, 4, "12000000.00") }, true)          -- eligible
bodies[#bodies + 1] = jd("330703", "B", { intensive(3, 3, "12000000.00") }, true)          -- below threshold
bodies[#bodies + 1] = jd("330703", "B", { jdpledge("5000000.00", 365, "180000.00", true) }, true)
bodies[#bodies + 1] = jd("330703", "A", { jdpledge("2000000.00", 180, "50000.00", false) }, true) -- not eligible
bodies[#bodies + 1] = jd("330703", "A", { jdaward }, true)
bodies[#bodies + 1] = jd("330701", "A", { jdaward }, false)                                 -- not eligible: region
bodies[#bodies + 1] = jd("330703", "C", { jd_intensive_undetermined }, true)              -- undetermined
bodies[#bodies + 1] = jd("330703", "A", { intensive(12, 6, "30000000.00"), jdpledge("8000000.00", 365, "300000.00", true) }, true)
bodies[#bodies + 1] = jd("330703", "B", { jdaward, jd_intensive_undetermined }, false)
bodies[#bodies + 1] = jd("330703", "A", { intensive(20, 10, "50000000.00"), jdaward, jdpledge("1000000.00", 200, "40000.00", true) }, true)

local counter = 0
local non2xx = {}
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  counter = id or 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  -- CALC_ACCEPT="application/json;q=1" sends the request the long way (Spring Security + Spring MVC: the
  -- calculator's direct path leaves any Accept with parameters to the controller), for an A/B in one server
  wrk.headers["Accept"] = os.getenv("CALC_ACCEPT") or "application/json"
  errors = {}
  error_count = 0
  sample = nil
end

function request()
  counter = counter + 1
  return wrk.format(nil, "/api/public/calculate", nil, bodies[(counter % #bodies) + 1])
end

local debug = os.getenv("LOAD_DEBUG")

function response(status, headers, body)
  if debug and counter <= #bodies then
    local st = {}
    for x in string.gmatch(body, '"status":"([%w_]+)"') do st[#st + 1] = x end
    io.write(string.format("body %d -> %d %s total %s\n", counter, status, table.concat(st, ","),
      string.match(body, '"total":"([%d.]+)"') or "-"))
  end
  if status < 200 or status > 299 then
    error_count = error_count + 1
    errors[status] = (errors[status] or 0) + 1
    if sample == nil then
      sample = status .. " " .. string.sub(body or "", 1, 300)
    end
  end
end

function done(summary, latency, requests)
  local total = 0
  local by = {}
  for _, t in ipairs(threads) do
    total = total + (t:get("error_count") or 0)
    local e = t:get("errors") or {}
    for k, v in pairs(e) do
      by[k] = (by[k] or 0) + v
    end
    local s = t:get("sample")
    if s ~= nil then
      io.write("  first error: " .. s .. "\n")
    end
  end
  io.write(string.format("  non_2xx_errors %d of %d requests", total, summary.requests))
  for k, v in pairs(by) do
    io.write(string.format(" [%s: %d]", k, v))
  end
  io.write("\n")
  io.write(string.format("  bodies %d; p50 %.2f ms, p90 %.2f ms, p99 %.2f ms\n", #bodies,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end
