package org.ipaward.server.calculator;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ipaward.engine.calc.Calculation;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Claim;
import org.ipaward.engine.calc.Ledger;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.server.application.ResultJson;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.policy.PolicyRegistry;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The public policy calculator (政策计算器): no sign-in, nothing stored, no ledger. */
@RestController
@Tag(name = "政策计算器 Calculator")
public class CalculatorController {
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

    public CalculatorController(PolicyRegistry policies, Clock clock) {
        this.policies = policies;
        this.clock = clock;
    }

    @PostMapping("/api/public/calculate")
    @Operation(
            summary = "政策计算器：按政策测算各事项能否获得奖补、金额多少及计算过程（不保存）",
            description =
                    "Calculate awards for a described subject and claims under a policy in use; nothing is stored")
    public Map<String, Object> calculate(@RequestBody CalculateRequest req) {
        if (req.policyId() == null) {
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
        int defaultYear = LocalDate.now(clock).getYear()
                - (v.policy().matterYearOffset() == null ? 0 : v.policy().matterYearOffset());
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < req.claims().size(); i++) {
            ClaimInput c = req.claims().get(i);
            claims.add(new Claim(
                    "claims[" + (i + 1) + "]",
                    v.policyId(),
                    c.measure(),
                    c.year() == null ? defaultYear : c.year(),
                    c.facts() == null ? Map.of() : c.facts(),
                    c.materials(),
                    null));
        }
        SubjectInput s = req.subject();
        Calculation calc = v.calculator()
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
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("policy", v.policyId());
        out.put("policy_version", v.label());
        out.put("as_of", calc.asOf().toString());
        out.put("total", ResultJson.money(calc.total()));
        out.put("results", calc.results().stream().map(ResultJson::of).toList());
        return out;
    }
}
