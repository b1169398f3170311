package org.ipaward.bench;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.calc.Claim;
import org.ipaward.engine.calc.Ledger;
import org.ipaward.engine.calc.LedgerEntry;
import org.ipaward.engine.calc.Subject;
import org.ipaward.engine.model.SubjectKind;

/**
 * The inputs every benchmark and test uses, built once: the calculator over the bundled policies, a mixed
 * batch of single-claim requests of both policies, and, for three rules, the same inputs twice — as engine
 * requests and as the typed values the hand-written Java takes.
 */
public final class BenchInputs {
    public static final String PINGGU = "pinggu-2025";
    public static final String JINDONG = "jindong-2023";

    /** Pinggu claims are for matters of 2025, calculated in the 2026 round. */
    public static final LocalDate PINGGU_AS_OF = LocalDate.of(2026, 3, 1);

    public static final int PINGGU_YEAR = 2025;

    /** Jindong claims are for matters of 2024, calculated in the 2025 round (within the assumed 2023–2025 period). */
    public static final LocalDate JINDONG_AS_OF = LocalDate.of(2025, 3, 15);

    public static final int JINDONG_YEAR = 2024;

    /** The number of requests in the mixed batch. */
    public static final int MIXED_BATCH = 64;

    /** The number of whole applications (multi-claim requests) per invocation. */
    public static final int APPLICATIONS = 2;

    /** The number of inputs per rule in the engine-versus-hand-written comparison. */
    public static final int RULE_BATCH = 8;

    private BenchInputs() {}

    /** The calculator over the policies bundled on the class path (the {@code ipaward-policies} jar). */
    public static Calculator calculator() {
        return new Calculator(PolicyLoader.loadBundled());
    }

    // ------------------------------------------------------------------ subjects

    static Subject pingguEnterprise(String id) {
        return new Subject(id, null, SubjectKind.ENTERPRISE, "110117", null, List.of(), null);
    }

    static Subject jindongEnterprise(String id, String muGrade) {
        return new Subject(id, null, SubjectKind.ENTERPRISE, "330703", null, List.of(), muGrade);
    }

    // ------------------------------------------------------------------ the three rules, both ways

    /** Jindong 二.1 patent-intensive enterprise: the input for the hand-written rule and the engine request. */
    public record IntensiveCase(HandWritten.Intensive input, CalculationRequest request) {}

    /** Pinggu 三(二)1 pledge interest subsidy. */
    public record PledgeCase(HandWritten.Pledge input, CalculationRequest request) {}

    /** Jindong 二.13 foreign patent litigation. */
    public record ForeignCase(HandWritten.Foreign input, CalculationRequest request) {}

    /** Eight patent-intensive inputs: each tier, each 亩均 grade, and a denial on each condition and on no tier. */
    public static List<IntensiveCase> intensiveCases(boolean explain) {
        List<IntensiveCase> out = new ArrayList<>();
        // certified, implemented, inventions, prev, sales, revenue, patent sales, training %, 亩均 grade
        out.add(intensive(
                explain, true, true, 10, 5, "5000000", "8000000", "1600000", "100", "A")); // tier1 at every boundary
        out.add(intensive(explain, true, true, 9, 5, "12000000", "12000000", "6000000", "100", "B")); // tier2
        out.add(intensive(explain, true, true, 3, 1, "6000000", "6500000", "2000000", "100", "C")); // tier3, factor 0.5
        out.add(intensive(explain, true, true, 25, 12, "90000000", "95000000", "40000000", "100", "unrated")); // tier1
        out.add(intensive(explain, true, true, 3, 2, "6000000", "6500000", "2000000", "100", "A")); // no tier
        out.add(intensive(explain, true, true, 10, 5, "4999999.99", "4999999.99", "2000000", "100", "A")); // sales
        out.add(intensive(explain, true, true, 10, 5, "5000000", "8000000", "1599999.99", "100", "A")); // share
        out.add(intensive(
                explain, true, false, 10, 5, "5000000", "8000000", "1600000", "99", "B")); // standard, training
        return List.copyOf(out);
    }

    private static IntensiveCase intensive(
            boolean explain,
            boolean certified,
            boolean implemented,
            int inventions,
            int prev,
            String sales,
            String revenue,
            String patentSales,
            String training,
            String mu) {
        HandWritten.Intensive in = new HandWritten.Intensive(
                certified,
                implemented,
                inventions,
                prev,
                new BigDecimal(sales),
                new BigDecimal(revenue),
                new BigDecimal(patentSales),
                new BigDecimal(training),
                mu);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("gbt29490_certified", certified);
        facts.put("gbt29490_implemented", implemented);
        facts.put("invention_patents", inventions);
        facts.put("invention_patents_prev_year", prev);
        facts.put("annual_sales", new BigDecimal(sales));
        facts.put("total_revenue", new BigDecimal(revenue));
        facts.put("patent_product_sales", new BigDecimal(patentSales));
        facts.put("training_rate", new BigDecimal(training));
        Claim claim = new Claim(null, JINDONG, "JD-patent-intensive", JINDONG_YEAR, facts, null, null);
        return new IntensiveCase(
                in,
                new CalculationRequest(
                        JINDONG_AS_OF, jindongEnterprise("S-JD", mu), List.of(claim), Ledger.EMPTY, Map.of(), explain));
    }

    /** Eight pledge inputs: under the cap, bound by the year cap after an earlier award, cap used up, not a bank loan. */
    public static List<PledgeCase> pledgeCases(boolean explain) {
        List<PledgeCase> out = new ArrayList<>();
        // bank loan, interest paid, earlier pledge awards of the same subject (this year, last year)
        out.add(pledge(explain, true, "400000", null, null)); // 200,000, no ledger
        out.add(pledge(explain, true, "400000", "150000", null)); // bound: 150,000 left
        out.add(pledge(
                explain, true, "123456.79", "50000", "300000")); // 61,728.40 (HALF_UP), last year's award ignored
        out.add(pledge(explain, true, "1000000", null, null)); // bound by 300,000
        out.add(pledge(explain, true, "80000", "300000", null)); // no room left
        out.add(pledge(
                explain, true, "600000.01", "0.01", null)); // 300,000.01 rounds to 300,000.01, bound to 299,999.99
        out.add(pledge(explain, false, "400000", null, null)); // not a bank loan
        out.add(pledge(explain, true, "0", "100000", null)); // zero interest: eligible for 0
        return List.copyOf(out);
    }

    private static PledgeCase pledge(
            boolean explain, boolean bankLoan, String interest, String usedThisYear, String usedLastYear) {
        String subject = "S-PG";
        List<LedgerEntry> entries = new ArrayList<>();
        if (usedThisYear != null) {
            entries.add(
                    new LedgerEntry(PINGGU, "PG-pledge", subject, PINGGU_YEAR, new BigDecimal(usedThisYear), Map.of()));
        }
        if (usedLastYear != null) {
            entries.add(new LedgerEntry(
                    PINGGU, "PG-pledge", subject, PINGGU_YEAR - 1, new BigDecimal(usedLastYear), Map.of()));
        }
        // An award under another measure never counts against the pledge cap.
        entries.add(new LedgerEntry(PINGGU, "PG-insurance", subject, PINGGU_YEAR, new BigDecimal("100000"), Map.of()));
        HandWritten.Pledge in =
                new HandWritten.Pledge(subject, PINGGU_YEAR, bankLoan, new BigDecimal(interest), entries);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("right_kind", "patent");
        facts.put("first_rights_holder", true);
        facts.put("bank_loan", bankLoan);
        facts.put("loan_interest", new BigDecimal(interest));
        Claim claim = new Claim(null, PINGGU, "PG-pledge", PINGGU_YEAR, facts, null, null);
        return new PledgeCase(
                in,
                new CalculationRequest(
                        PINGGU_AS_OF,
                        pingguEnterprise(subject),
                        List.of(claim),
                        Ledger.of(entries),
                        Map.of(),
                        explain));
    }

    /** Eight foreign-litigation inputs: US, JP and EU member caps, other countries, the UK, a lost case, grade C. */
    public static List<ForeignCase> foreignCases(boolean explain) {
        List<ForeignCase> out = new ArrayList<>();
        out.add(foreign(explain, "US", "infringement_found", "800000", "A")); // 200,000
        out.add(foreign(explain, "DE", "no_infringement", "1400000", "A")); // bound by 300,000
        out.add(foreign(explain, "KR", "infringement_found", "800000", "B")); // bound by 150,000
        out.add(foreign(explain, "KR", "infringement_found", "600000", "unrated")); // exactly 150,000
        out.add(foreign(explain, "GB", "infringement_found", "800000", "A")); // the UK is not an EU member: 150,000
        out.add(foreign(explain, "JP", "other", "800000", "A")); // lost: not eligible
        out.add(foreign(explain, "FR", "no_infringement", "2000000", "C")); // 500,000 × 0.5 = 250,000
        out.add(foreign(explain, "BR", "infringement_found", "123456.78", "A")); // 30,864.195 → 30,864.20
        return List.copyOf(out);
    }

    private static ForeignCase foreign(boolean explain, String country, String outcome, String fees, String mu) {
        HandWritten.Foreign in = new HandWritten.Foreign(country, outcome, new BigDecimal(fees), mu);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("right_kind", "patent");
        facts.put("case_number", "CASE-" + country + "-" + fees);
        facts.put("country", country);
        facts.put("outcome", outcome);
        facts.put("agency_fees", new BigDecimal(fees));
        Claim claim = new Claim(null, JINDONG, "JD-litigation-foreign", JINDONG_YEAR, facts, null, null);
        return new ForeignCase(
                in,
                new CalculationRequest(
                        JINDONG_AS_OF, jindongEnterprise("S-JD", mu), List.of(claim), Ledger.EMPTY, Map.of(), explain));
    }

    // ------------------------------------------------------------------ whole applications

    /**
     * {@value #APPLICATIONS} whole applications, each one request with several claims of one subject, with
     * the explanation: a Jindong enterprise claiming patent-intensive tier 1, 30 high-value patents and a
     * German case (three claims), and a Pinggu enterprise claiming two pledge loans against one yearly cap
     * after an earlier award and a gold China Patent Award (three claims).
     */
    public static List<CalculationRequest> applications(boolean explain) {
        Claim intensive = intensiveCases(explain).get(0).request().claims().get(0);
        Claim highValue = new Claim(
                null, JINDONG, "JD-high-value", JINDONG_YEAR, Map.of("new_high_value_patents", 30), null, null);
        Claim foreign = foreignCases(explain).get(1).request().claims().get(0);
        CalculationRequest jindong = new CalculationRequest(
                JINDONG_AS_OF,
                jindongEnterprise("S-JD", "A"),
                List.of(intensive, highValue, foreign),
                Ledger.EMPTY,
                Map.of(),
                explain);
        PledgeCase pledge = pledgeCases(explain).get(1); // 150,000 of the 300,000 already awarded this year
        Claim loan1 = pledge.request().claims().get(0);
        Map<String, Object> facts2 = new LinkedHashMap<>(loan1.facts());
        facts2.put("loan_interest", new BigDecimal("180000"));
        Claim loan2 = new Claim("loan-2", PINGGU, "PG-pledge", PINGGU_YEAR, facts2, null, null);
        Claim award = patentAward(explain).get(0).claims().get(0);
        CalculationRequest pinggu = new CalculationRequest(
                PINGGU_AS_OF,
                pingguEnterprise("S-PG"),
                List.of(loan2, loan1, award),
                pledge.request().ledger(),
                Map.of(),
                explain);
        return List.of(jindong, pinggu);
    }

    // ------------------------------------------------------------------ the mixed batch

    /**
     * {@value #MIXED_BATCH} single-claim requests over five measures of both policies — rate with a yearly
     * cap and a ledger, by level, tiers, steps, rate with a per-country cap — eligible, denied and
     * undetermined (a missing fact, a missing material, no 亩均 grade), interleaved so no measure runs twice
     * in a row.
     */
    public static List<CalculationRequest> mixedBatch(boolean explain) {
        List<List<CalculationRequest>> byMeasure = List.of(
                intensiveCases(explain).stream().map(IntensiveCase::request).toList(),
                pledgeCases(explain).stream().map(PledgeCase::request).toList(),
                foreignCases(explain).stream().map(ForeignCase::request).toList(),
                patentAward(explain),
                highValue(explain),
                undetermined(explain));
        List<CalculationRequest> out = new ArrayList<>(MIXED_BATCH);
        for (int i = 0; out.size() < MIXED_BATCH; i++) {
            List<CalculationRequest> group = byMeasure.get(i % byMeasure.size());
            out.add(group.get((i / byMeasure.size()) % group.size()));
        }
        return List.copyOf(out);
    }

    /** Pinggu 三(一) China Patent Award: each level, an award already given for the patent, a non-first holder. */
    static List<CalculationRequest> patentAward(boolean explain) {
        List<CalculationRequest> out = new ArrayList<>();
        String[][] rows = {
            {"ZL202010000001.1", "gold", "true"},
            {"ZL202010000002.2", "silver", "true"},
            {"ZL202010000003.3", "excellence", "true"},
            {"ZL202010000004.4", "gold", "false"}, // not the first rights holder
            {"ZL201910000005.5", "silver", "true"}, // rewarded before: once per patent
        };
        LedgerEntry earlier = new LedgerEntry(
                PINGGU,
                "PG-patent-award",
                "S-PG",
                PINGGU_YEAR - 1,
                new BigDecimal("400000"),
                Map.of("patent_number", "ZL201910000005.5"));
        Ledger ledger = Ledger.of(List.of(earlier));
        for (String[] r : rows) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("right_kind", "patent");
            facts.put("first_rights_holder", Boolean.valueOf(r[2]));
            facts.put("patent_number", r[0]);
            facts.put("award_level", r[1]);
            Claim claim = new Claim(
                    null,
                    PINGGU,
                    "PG-patent-award",
                    PINGGU_YEAR,
                    facts,
                    List.of("subject_certificate", "grant_proof"),
                    null);
            out.add(new CalculationRequest(
                    PINGGU_AS_OF, pingguEnterprise("S-PG"), List.of(claim), ledger, Map.of(), explain));
        }
        return List.copyOf(out);
    }

    /** Jindong 二.2 high-value patents: each step, below the lowest, and a step already awarded this year. */
    static List<CalculationRequest> highValue(boolean explain) {
        List<CalculationRequest> out = new ArrayList<>();
        LedgerEntry earlier =
                new LedgerEntry(JINDONG, "JD-high-value", "S-JD2", JINDONG_YEAR, new BigDecimal("200000"), Map.of());
        Object[][] rows = {
            {10, "A", "S-JD"},
            {29, "B", "S-JD"},
            {30, "A", "S-JD"},
            {75, "C", "S-JD"},
            {9, "A", "S-JD"},
            {40, "A", "S-JD2"},
        };
        for (Object[] r : rows) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("new_high_value_patents", r[0]);
            Claim claim = new Claim(null, JINDONG, "JD-high-value", JINDONG_YEAR, facts, null, null);
            out.add(new CalculationRequest(
                    JINDONG_AS_OF,
                    jindongEnterprise((String) r[2], (String) r[1]),
                    List.of(claim),
                    Ledger.of(List.of(earlier)),
                    Map.of(),
                    explain));
        }
        return List.copyOf(out);
    }

    /** Claims the engine cannot decide yet: a missing fact, a missing material, a subject with no 亩均 grade. */
    static List<CalculationRequest> undetermined(boolean explain) {
        List<CalculationRequest> out = new ArrayList<>();
        // Pledge without the interest paid.
        Map<String, Object> pledge = new LinkedHashMap<>();
        pledge.put("right_kind", "trademark");
        pledge.put("first_rights_holder", true);
        pledge.put("bank_loan", true);
        out.add(new CalculationRequest(
                PINGGU_AS_OF,
                pingguEnterprise("S-PG"),
                List.of(new Claim(null, PINGGU, "PG-pledge", PINGGU_YEAR, pledge, null, null)),
                Ledger.EMPTY,
                Map.of(),
                explain));
        // China Patent Award without the proof of grant.
        Map<String, Object> award = new LinkedHashMap<>();
        award.put("right_kind", "patent");
        award.put("first_rights_holder", true);
        award.put("patent_number", "ZL202010000009.9");
        award.put("award_level", "gold");
        out.add(new CalculationRequest(
                PINGGU_AS_OF,
                pingguEnterprise("S-PG"),
                List.of(new Claim(
                        null, PINGGU, "PG-patent-award", PINGGU_YEAR, award, List.of("subject_certificate"), null)),
                Ledger.EMPTY,
                Map.of(),
                explain));
        // High-value patents for a subject without a 亩均 grade: the factor is unknown.
        out.add(new CalculationRequest(
                JINDONG_AS_OF,
                jindongEnterprise("S-JD", null),
                List.of(new Claim(
                        null,
                        JINDONG,
                        "JD-high-value",
                        JINDONG_YEAR,
                        Map.of("new_high_value_patents", 12),
                        null,
                        null)),
                Ledger.EMPTY,
                Map.of(),
                explain));
        // Patent-intensive without the training rate.
        Map<String, Object> intensive = new LinkedHashMap<>(
                intensiveCases(false).get(0).request().claims().get(0).facts());
        intensive.remove("training_rate");
        out.add(new CalculationRequest(
                JINDONG_AS_OF,
                jindongEnterprise("S-JD", "A"),
                List.of(new Claim(null, JINDONG, "JD-patent-intensive", JINDONG_YEAR, intensive, null, null)),
                Ledger.EMPTY,
                Map.of(),
                explain));
        // Foreign litigation without the country: the cap cannot be known.
        Map<String, Object> foreign = new LinkedHashMap<>(
                foreignCases(false).get(0).request().claims().get(0).facts());
        foreign.remove("country");
        out.add(new CalculationRequest(
                JINDONG_AS_OF,
                jindongEnterprise("S-JD", "A"),
                List.of(new Claim(null, JINDONG, "JD-litigation-foreign", JINDONG_YEAR, foreign, null, null)),
                Ledger.EMPTY,
                Map.of(),
                explain));
        return List.copyOf(out);
    }
}
