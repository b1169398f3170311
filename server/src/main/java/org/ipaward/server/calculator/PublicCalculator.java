package org.ipaward.server.calculator;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ipaward.engine.InputException;
import org.ipaward.engine.calc.Calculation;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Claim;
import org.ipaward.engine.calc.ClaimResult;
import org.ipaward.engine.calc.Ledger;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.server.application.ResultJson;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.policy.PolicyRegistry;
import org.springframework.stereotype.Service;
import tools.jackson.core.JsonGenerator;

/**
 * The public policy calculator (政策计算器): a described subject and claims under a policy in use, calculated
 * without a ledger and without storing anything. One method for the API ({@code POST /api/public/calculate})
 * and the calculator page. Bad input is an {@link ApiException} (400) naming each field as
 * {@code claims[n].facts.<name>} with the value given and the rule it broke.
 */
@Service
public class PublicCalculator {
    public record SubjectInput(
            String kind,
            String name,
            String registeredRegion,
            String householdRegion,
            List<String> servedRegions,
            String muGrade) {}

    public record ClaimInput(String measure, Integer year, Map<String, Object> facts, List<String> materials) {}

    public record CalculateRequest(
            String policyId, LocalDate asOf, SubjectInput subject, List<ClaimInput> claims, Boolean explain) {}

    private final PolicyRegistry policies;
    private final Clock clock;

    public PublicCalculator(PolicyRegistry policies, Clock clock) {
        this.policies = policies;
        this.clock = clock;
    }

    /** The matter year a claim is of when none is given: this year less the policy's offset. */
    public int defaultYear(PolicyRegistry.Version v) {
        return LocalDate.now(clock).getYear()
                - (v.policy().matterYearOffset() == null ? 0 : v.policy().matterYearOffset());
    }

    /**
     * Calculates: {@code policy}, {@code policy_version}, {@code as_of}, {@code total} (string) and
     * {@code results} (one {@link ResultJson} map per claim, in order).
     */
    public Map<String, Object> calculate(CalculateRequest req) {
        return calculate(req, false);
    }

    /**
     * The same answer as {@link #calculate(CalculateRequest)} for serialising only: each result is a
     * {@link ResultJson.Written} that writes the same JSON without building its map first (the API's answer).
     */
    public Map<String, Object> calculateToWrite(CalculateRequest req) {
        return calculate(req, true);
    }

    private Answer answer(CalculateRequest req) {
        if (req.policyId() == null || req.policyId().isBlank()) {
            throw ApiException.invalid("policy_id", null, "input.required", "请选择政策", "policy_id is required");
        }
        PolicyRegistry.Version v = policies.currentVersion(req.policyId());
        if (req.subject() == null || req.subject().kind() == null) {
            throw ApiException.invalid("subject.kind", null, "input.required", "请选择主体类型", "subject.kind is required");
        }
        SubjectKind kind;
        try {
            kind = SubjectKind.valueOf(req.subject().kind().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(
                    "subject.kind",
                    req.subject().kind(),
                    "subject.kind",
                    "主体类型须为 enterprise、institution、other_org、person、service_agency 之一",
                    "kind must be one of enterprise, institution, other_org, person, service_agency");
        }
        if (req.claims() == null || req.claims().isEmpty() || req.claims().size() > 50) {
            throw ApiException.invalid("claims", null, "claims.count", "请填写 1 至 50 项申报事项", "give 1 to 50 claims");
        }
        int defaultYear = defaultYear(v);
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < req.claims().size(); i++) {
            ClaimInput c = req.claims().get(i);
            // a patent or trademark number is checked as a filing checks it (ZC 0006-2003 check digit): an
            // estimate for a number that would be refused is no estimate
            org.ipaward.server.application.ApplicationService.checkIdentifiers(i + 1, c.facts());
            claims.add(new Claim(
                    claimId(i),
                    v.policyId(),
                    c.measure(),
                    c.year() == null ? defaultYear : c.year(),
                    c.facts() == null ? Map.of() : c.facts(),
                    c.materials(),
                    null));
        }
        SubjectInput s = req.subject();
        Calculation calc;
        try {
            calc = v.calculator()
                    .calculate(new CalculationRequest(
                            req.asOf() == null ? LocalDate.now(clock) : req.asOf(),
                            new Subject(
                                    "calculator",
                                    s.name(),
                                    kind,
                                    s.registeredRegion(),
                                    s.householdRegion(),
                                    s.servedRegions(),
                                    s.muGrade()),
                            claims,
                            Ledger.EMPTY,
                            Map.of(),
                            !Boolean.FALSE.equals(req.explain())));
        } catch (InputException e) {
            throw refused(e, req);
        }
        return new Answer(v, calc);
    }

    private Map<String, Object> calculate(CalculateRequest req, boolean toWrite) {
        Answer a = answer(req);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("policy", a.version().policyId());
        out.put("policy_version", a.version().label());
        out.put("as_of", a.calc().asOf().toString());
        out.put("total", ResultJson.money(a.calc().total()));
        out.put(
                "results",
                toWrite
                        ? a.calc().results().stream()
                                .map(ResultJson.Written::new)
                                .toList()
                        : a.calc().results().stream().map(ResultJson::of).toList());
        return out;
    }

    /**
     * Writes the same JSON as {@link #calculateToWrite}'s map serialised by the server's mapper (the same names,
     * order and values), straight to a generator: the API's direct path ({@link CalculatorFastPath}).
     */
    public void write(CalculateRequest req, JsonGenerator g) {
        Answer a = answer(req);
        g.writeStartObject();
        g.writeName("policy");
        g.writeString(a.version().policyId());
        g.writeName("policy_version");
        g.writeString(a.version().label());
        g.writeName("as_of");
        g.writeString(a.calc().asOf().toString());
        g.writeName("total");
        String total = ResultJson.money(a.calc().total());
        if (total == null) {
            g.writeNull();
        } else {
            g.writeString(total);
        }
        g.writeName("results");
        g.writeStartArray();
        for (ClaimResult r : a.calc().results()) {
            ResultJson.write(r, g);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private record Answer(PolicyRegistry.Version version, Calculation calc) {}

    /** The id a claim of the request has in problems and results: {@code claims[1]} for the first. */
    public static String claimId(int index) {
        return "claims[" + (index + 1) + "]";
    }

    /** The engine's problems as one 400, each field qualified by its claim and given its value. */
    private static ApiException refused(InputException e, CalculateRequest req) {
        return ApiException.of(e, new ApiException.EngineClaims() {
            @Override
            public String claim(String where) {
                return where.startsWith("claims[") ? where : null;
            }

            @Override
            public Object value(String claim, String field) {
                return valueOf(req, claim, field);
            }
        });
    }

    private static Object valueOf(CalculateRequest req, String where, String field) {
        if (field == null || !field.startsWith("facts.")) {
            return null;
        }
        try {
            int i = Integer.parseInt(where.substring("claims[".length(), where.length() - 1)) - 1;
            Map<String, Object> facts = req.claims().get(i).facts();
            return facts == null ? null : facts.get(field.substring("facts.".length()));
        } catch (RuntimeException ex) {
            return null;
        }
    }
}
