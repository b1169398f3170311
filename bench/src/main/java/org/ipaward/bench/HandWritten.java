package org.ipaward.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Set;
import org.ipaward.engine.calc.LedgerEntry;

/**
 * Three rules written by hand in plain Java with {@link BigDecimal}: the lower bound the engine is measured
 * against. Numbers are constants, inputs are typed, there is no explanation, no check list and no
 * validation; each method returns the award rounded to 分, or {@code null} when the claim is not eligible.
 * The numbers are those of the policy files as of the benchmark dates.
 */
public final class HandWritten {
    private HandWritten() {}

    private static final int SCALE = 2;
    private static final RoundingMode ROUNDING = RoundingMode.HALF_UP;

    // ------------------------------------------------------------------ Jindong 二.1 patent-intensive enterprise

    /** The facts of a patent-intensive claim and the subject's 亩均 grade. */
    public record Intensive(
            boolean certified,
            boolean implemented,
            int inventionPatents,
            int inventionPatentsPrevYear,
            BigDecimal annualSales,
            BigDecimal totalRevenue,
            BigDecimal patentProductSales,
            BigDecimal trainingRatePercent,
            String muGrade) {}

    private static final BigDecimal MIN_SALES = new BigDecimal("5000000");
    private static final BigDecimal PATENT_SHARE = new BigDecimal("0.2");
    private static final BigDecimal FULL_TRAINING = new BigDecimal("100");
    private static final BigDecimal TIER1 = new BigDecimal("120000");
    private static final BigDecimal TIER2 = new BigDecimal("80000");
    private static final BigDecimal TIER3 = new BigDecimal("50000");

    /**
     * All four conditions (standard certified and implemented, sales ≥ 5,000,000, patented-product sales ≥ 20%
     * of revenue, training 100%), then the first of the three tiers met, times the 亩均 factor.
     */
    public static BigDecimal intensive(Intensive c) {
        if (!(c.certified() && c.implemented())) {
            return null;
        }
        if (c.annualSales().compareTo(MIN_SALES) < 0) {
            return null;
        }
        if (c.patentProductSales().compareTo(c.totalRevenue().multiply(PATENT_SHARE)) < 0) {
            return null;
        }
        if (c.trainingRatePercent().compareTo(FULL_TRAINING) < 0) {
            return null;
        }
        int stock = c.inventionPatents();
        int growth = stock - c.inventionPatentsPrevYear();
        BigDecimal amount;
        if (stock >= 10 && growth >= 5) {
            amount = TIER1;
        } else if (stock >= 5 && growth >= 3) {
            amount = TIER2;
        } else if (stock >= 3 && growth >= 2) {
            amount = TIER3;
        } else {
            return null;
        }
        return amount.multiply(muFactor(c.muGrade())).setScale(SCALE, ROUNDING);
    }

    private static final BigDecimal HALF = new BigDecimal("0.5");

    /** Jindong's 亩均效益 factor: A, B and unrated full, C half, D none. */
    static BigDecimal muFactor(String grade) {
        switch (grade) {
            case "A":
            case "B":
            case "unrated":
                return BigDecimal.ONE;
            case "C":
                return HALF;
            case "D":
                return BigDecimal.ZERO;
            default:
                throw new IllegalArgumentException("no 亩均 factor for grade " + grade);
        }
    }

    // ------------------------------------------------------------------ Pinggu 三(二)1 pledge interest subsidy

    /** The facts of a pledge claim and the subject's earlier awards. */
    public record Pledge(
            String subject, int year, boolean bankLoan, BigDecimal loanInterest, List<LedgerEntry> ledger) {}

    private static final BigDecimal PLEDGE_RATE = new BigDecimal("0.5");
    private static final BigDecimal PLEDGE_YEAR_CAP = new BigDecimal("300000");

    /** min(interest × 50%, 300,000 − the subject's pledge awards of the same year); none when no room is left. */
    public static BigDecimal pledge(Pledge c) {
        if (!c.bankLoan()) {
            return null;
        }
        BigDecimal amount = c.loanInterest().multiply(PLEDGE_RATE).setScale(SCALE, ROUNDING);
        BigDecimal used = BigDecimal.ZERO;
        for (LedgerEntry e : c.ledger()) {
            if (e.year() == c.year()
                    && e.measure().equals("PG-pledge")
                    && e.subject().equals(c.subject())
                    && e.policy().equals("pinggu-2025")) {
                used = used.add(e.amount());
            }
        }
        BigDecimal room = PLEDGE_YEAR_CAP.subtract(used);
        if (room.signum() <= 0) {
            return null;
        }
        return amount.min(room).setScale(SCALE, ROUNDING);
    }

    // ------------------------------------------------------------------ Jindong 二.13 foreign patent litigation

    /** The facts of a foreign-litigation claim and the subject's 亩均 grade. */
    public record Foreign(String country, String outcome, BigDecimal agencyFees, String muGrade) {}

    private static final BigDecimal FOREIGN_RATE = new BigDecimal("0.25");
    private static final BigDecimal MAJOR_CAP = new BigDecimal("300000");
    private static final BigDecimal OTHER_CAP = new BigDecimal("150000");

    /** The US, Japan and the 27 EU member states. */
    private static final Set<String> MAJOR = Set.of(
            "US", "JP", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
            "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    /** min(agency fees × 25% × 亩均 factor, 300,000 in the US, Japan or an EU member, else 150,000). */
    public static BigDecimal foreign(Foreign c) {
        if (!c.outcome().equals("infringement_found") && !c.outcome().equals("no_infringement")) {
            return null;
        }
        BigDecimal amount = c.agencyFees().multiply(FOREIGN_RATE).setScale(SCALE, ROUNDING);
        amount = amount.multiply(muFactor(c.muGrade())).setScale(SCALE, ROUNDING);
        BigDecimal cap = MAJOR.contains(c.country()) ? MAJOR_CAP : OTHER_CAP;
        return amount.min(cap).setScale(SCALE, ROUNDING);
    }
}
