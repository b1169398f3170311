package org.ipaward.server.application;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ipaward.engine.InputException;
import org.ipaward.engine.calc.Calculation;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.CityAward;
import org.ipaward.engine.calc.Claim;
import org.ipaward.engine.calc.Ledger;
import org.ipaward.engine.model.Policy;
import org.ipaward.server.config.ClockConfig;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.round.Round;
import org.ipaward.server.subject.SubjectService;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Runs the engine for an application: its subject, its claims and materials, a ledger, its policy version. */
@Component
public class Computation {
    private final PolicyRegistry policies;
    private final SubjectService subjects;
    private final Clock clock;

    public Computation(PolicyRegistry policies, SubjectService subjects, Clock clock) {
        this.policies = policies;
        this.subjects = subjects;
        this.clock = clock;
    }

    /** The as-of date parameters are read at: the day of submission, or today for a draft. */
    public LocalDate asOf(Applications.App app) {
        return app == null || app.submittedAt() == null
                ? LocalDate.now(clock)
                : app.submittedAt().atZone(ClockConfig.ZONE).toLocalDate();
    }

    /**
     * Runs the engine. With {@code checkMaterials} false (a live estimate) the materials are not checked, so the
     * applicant sees the amount while still uploading; submission and approval check them.
     */
    public Calculation run(
            Round round,
            long subjectId,
            List<Applications.ClaimRow> claims,
            List<Applications.Material> materials,
            Ledger ledger,
            LocalDate asOf,
            boolean checkMaterials) {
        PolicyRegistry.Version v = policies.version(round.policyVersionId());
        List<Claim> engineClaims = new ArrayList<>();
        for (Applications.ClaimRow c : claims) {
            engineClaims.add(new Claim(
                    "c" + c.seq(),
                    v.policyId(),
                    c.measure(),
                    c.matterYear(),
                    c.facts(),
                    checkMaterials ? materialsFor(c.id(), materials) : null,
                    cityAward(c.cityAward(), c.seq())));
        }
        try {
            return v.calculator()
                    .calculate(new CalculationRequest(
                            asOf, subjects.engineSubject(subjectId), engineClaims, ledger, Map.of(), true));
        } catch (InputException e) {
            throw refused(e, claims);
        }
    }

    /**
     * The engine refused an application's claims: a 400 whose problems name each field as the API does ({@code
     * claims[1].facts.loan_interest}, not the engine's claim id {@code c1}) with the value stated for it.
     */
    public static final class Refused extends ApiException {
        private static final long serialVersionUID = 1L;

        Refused(String zh, String en, List<FieldProblem> errors) {
            super(HttpStatus.BAD_REQUEST, "input.invalid", zh, en, errors);
        }
    }

    private static final Pattern WHERE_CLAIM = Pattern.compile("c(\\d+)");

    static Refused refused(InputException e, List<Applications.ClaimRow> claims) {
        Map<String, Applications.ClaimRow> byName = new HashMap<>();
        for (Applications.ClaimRow c : claims) {
            byName.put("claims[" + c.seq() + "]", c);
        }
        ApiException a = ApiException.of(e, new ApiException.EngineClaims() {
            @Override
            public String claim(String where) {
                Matcher m = WHERE_CLAIM.matcher(where);
                return m.matches() ? "claims[" + m.group(1) + "]" : null;
            }

            @Override
            public Object value(String claim, String field) {
                return valueOf(byName.get(claim), field);
            }
        });
        return new Refused(a.messageZh(), a.messageEn(), a.errors());
    }

    /** The value a claim stated for a field the engine names ({@code facts.x}, {@code measure}…), as sent. */
    private static Object valueOf(Applications.ClaimRow c, String field) {
        if (c == null || field == null) {
            return null;
        }
        if (field.startsWith("facts.")) {
            return c.facts() == null ? null : c.facts().get(field.substring("facts.".length()));
        }
        return switch (field) {
            case "measure" -> c.measure();
            case "year" -> c.matterYear();
            case "city_award" -> c.cityAward();
            default -> null;
        };
    }

    public Policy policy(Round round) {
        return policies.version(round.policyVersionId()).policy();
    }

    public PolicyRegistry.Version version(Round round) {
        return policies.version(round.policyVersionId());
    }

    /** The materials a claim's measure requires that are not attached yet. */
    public List<String> missingMaterials(Round round, Applications.ClaimRow c, List<Applications.Material> materials) {
        org.ipaward.engine.model.Measure m = policy(round).measure(c.measure());
        if (m == null) {
            return List.of();
        }
        List<String> have = materialsFor(c.id(), materials);
        return m.materials().stream().filter(k -> !have.contains(k)).toList();
    }

    static List<String> materialsFor(long claimId, List<Applications.Material> materials) {
        Set<String> kinds = new LinkedHashSet<>();
        for (Applications.Material m : materials) {
            if (m.claimId() == null || m.claimId() == claimId) {
                kinds.add(m.kind());
            }
        }
        return List.copyOf(kinds);
    }

    static CityAward cityAward(Map<String, Object> m, int seq) {
        if (m == null) {
            return null;
        }
        return new CityAward(
                bool(m.get("applicable"), seq, "applicable"),
                money(m.get("amount"), seq, "amount"),
                bool(m.get("needs_district_match"), seq, "needs_district_match"),
                money(m.get("district_share"), seq, "district_share"));
    }

    private static Boolean bool(Object o, int seq, String field) {
        if (o == null || o instanceof Boolean) {
            return (Boolean) o;
        }
        throw ApiException.invalid(
                "claims[" + seq + "].city_award." + field,
                o,
                "input.boolean",
                "须为 true 或 false",
                "must be true or false");
    }

    private static BigDecimal money(Object o, int seq, String field) {
        if (o == null) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(String.valueOf(o));
            if (d.signum() < 0 || d.scale() > 2) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw ApiException.invalid(
                    "claims[" + seq + "].city_award." + field,
                    o,
                    "input.money",
                    "须为不小于 0、最多两位小数的金额（元）",
                    "must be an amount in yuan, 0 or more, at most 2 decimals");
        }
    }
}
