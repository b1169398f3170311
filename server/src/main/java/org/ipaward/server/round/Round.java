package org.ipaward.server.round;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A round of applications (集中申报批次) for one policy version. {@code year} is the filing year (申报年度):
 * the year the claims are filed in; the matters claimed are of year − the policy's {@code matter_year_offset}
 * (see {@link RoundService#matterYear(Round)}). The window is {@code [opensAt, closesAt)}; {@code status}
 * is {@code open} until staff close the round, then {@code closed}.
 */
public record Round(
        long id,
        long policyVersionId,
        String policyId,
        int year,
        String title,
        String notice,
        Instant opensAt,
        Instant closesAt,
        List<String> measures,
        BigDecimal budget,
        String budgetRule,
        int publicityDays,
        String status) {

    public static final String OPEN = "open";
    public static final String CLOSED = "closed";
    public static final String PRO_RATA = "pro_rata";
    public static final String STOP = "stop";

    /** Whether applications can be submitted at {@code now}: not closed by staff, and inside the window. */
    public boolean accepting(Instant now) {
        return OPEN.equals(status) && !now.isBefore(opensAt) && now.isBefore(closesAt);
    }

    /** Where the round stands at {@code now}: upcoming, accepting, ended (window passed) or closed (by staff). */
    public String phase(Instant now) {
        if (CLOSED.equals(status)) {
            return "closed";
        }
        if (now.isBefore(opensAt)) {
            return "upcoming";
        }
        return now.isBefore(closesAt) ? "accepting" : "ended";
    }
}
