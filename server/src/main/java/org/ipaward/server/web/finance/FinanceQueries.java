package org.ipaward.server.web.finance;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.ipaward.server.config.Like;
import org.ipaward.server.crypto.FieldCipher;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-only queries behind the finance pages: a round's payments (every batch, every attempt) searched,
 * filtered by status and paged, with exact totals per status; the payment lists (batches) of a round; how
 * many confirmed applications wait for a payment list. Changes go through {@code PaymentService}.
 */
@Component
public class FinanceQueries {
    public static final Set<String> STATUSES = Set.of("listed", "paid", "failed", "reissued");

    /**
     * One payment as the list shows it; {@code measures} are the claims' measure ids in order. The payee
     * ({@code subject}, {@code bankName}, {@code bankAccountMasked}) is the payment's own copy, taken when it
     * was listed; {@code accountChanged} says a payment still to pay has a subject whose bank or account now
     * differs from it, with the subject's current bank and masked account.
     */
    public record PaymentRow(
            long id,
            long batchId,
            String batchNo,
            long applicationId,
            String applicationNo,
            String applicationState,
            long subjectId,
            String subject,
            String bankName,
            String bankAccountMasked,
            List<String> measures,
            BigDecimal approvedAmount,
            BigDecimal factor,
            BigDecimal amount,
            int attempt,
            String status,
            String bankReference,
            String failureReason,
            Instant confirmedAt,
            boolean accountChanged,
            String currentBankName,
            String currentAccountMasked) {}

    /** Totals of the payments matching a filter: how many and how much, per status and overall (not reissued). */
    public record Totals(
            long count,
            BigDecimal amount,
            long listed,
            BigDecimal listedAmount,
            long paid,
            BigDecimal paidAmount,
            long failed,
            BigDecimal failedAmount) {}

    /** A payment list (batch) of a round with its number of rows and total. */
    public record BatchRow(
            long id,
            String no,
            BigDecimal total,
            BigDecimal factor,
            long payments,
            String createdBy,
            Instant createdAt) {}

    private final JdbcClient jdbc;
    private final FieldCipher cipher;

    public FinanceQueries(JdbcClient jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /**
     * Whether the subject's bank or account ({@code bank}, {@code enc}) differs from a payment's copy; the
     * accounts are compared decrypted, as the same number encrypts differently each time.
     */
    boolean differs(String payeeBank, String payeeEnc, String bank, String enc) {
        if (!Objects.equals(blankToNull(payeeBank), blankToNull(bank))) {
            return true;
        }
        if (Objects.equals(payeeEnc, enc)) {
            return false;
        }
        return !Objects.equals(cipher.decrypt(payeeEnc), cipher.decrypt(enc));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The payment's round, or 404. */
    @Transactional(readOnly = true)
    public long roundOfPayment(long paymentId) {
        return jdbc.sql("select b.round_id from payment p join payment_batch b on b.id = p.batch_id where p.id = ?")
                .param(paymentId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> ApiException.notFound("payment", paymentId));
    }

    @Transactional(readOnly = true)
    public long confirmed(long roundId) {
        return jdbc.sql("select count(*) from application where round_id = ? and state = 'confirmed'")
                .param(roundId)
                .query(Long.class)
                .single();
    }

    @Transactional(readOnly = true)
    public List<BatchRow> batches(long roundId) {
        return jdbc.sql(
                        """
                        select b.id, b.no, b.total, b.pro_rata_factor, b.created_at,
                            coalesce(u.display_name, u.username),
                            (select count(*) from payment p where p.batch_id = b.id and p.status <> 'reissued')
                        from payment_batch b join app_user u on u.id = b.created_by
                        where b.round_id = ? order by b.id""")
                .param(roundId)
                .query((rs, n) -> new BatchRow(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getBigDecimal(3),
                        rs.getBigDecimal(4),
                        rs.getLong(7),
                        rs.getString(6),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    /** Checks a status filter: empty for all, else one of {@link #STATUSES}; 400 otherwise. */
    public static String status(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String v = s.strip();
        if (!STATUSES.contains(v)) {
            throw ApiException.invalid(
                    "status",
                    s,
                    "payment.status_invalid",
                    "拨付状态“" + s + "”不存在，应为 listed、paid、failed 或 reissued",
                    "payment status must be listed, paid, failed or reissued, not \"" + s + "\"");
        }
        return v;
    }

    private record Where(String sql, List<Object> params) {}

    private static Where where(long roundId, String status, String q) {
        StringBuilder w = new StringBuilder(" where b.round_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(roundId);
        if (status != null) {
            w.append(" and p.status = ?");
            params.add(status);
        }
        if (q != null && !q.isBlank()) {
            String like = Like.containing(q.strip());
            w.append(
                    " and (a.no ilike ? or p.payee_name ilike ? or b.no ilike ? or p.bank_reference ilike ? or p.payee_bank_name ilike ?)");
            for (int i = 0; i < 5; i++) {
                params.add(like);
            }
        }
        return new Where(w.toString(), params);
    }

    private static final String FROM =
            " from payment p join payment_batch b on b.id = p.batch_id join application a on a.id = p.application_id"
                    + " join subject s on s.id = a.subject_id";

    @Transactional(readOnly = true)
    public PageResult<PaymentRow> payments(long roundId, String status, String q, Paging paging) {
        Where w = where(roundId, status, q);
        long total = jdbc.sql("select count(*)" + FROM + w.sql())
                .params(w.params())
                .query(Long.class)
                .single();
        List<Object> params = new ArrayList<>(w.params());
        params.add(paging.size());
        params.add(paging.offset());
        List<PaymentRow> rows = jdbc.sql(
                        """
                        select p.id, b.id as batch_id, b.no as batch_no, a.id as app_id, a.no as app_no, a.state,
                            s.id as subject_id, p.payee_name, p.payee_bank_name, p.payee_account_masked, p.payee_account_enc,
                            s.bank_name, s.bank_account_masked, s.bank_account_enc,
                            (select string_agg(c.measure_id, ',' order by c.seq) from claim c where c.application_id = a.id) as measures,
                            a.approved_total, b.pro_rata_factor, p.amount, p.attempt, p.status, p.bank_reference,
                            p.failure_reason, p.confirmed_at"""
                                + FROM
                                + w.sql()
                                + " order by a.no, p.id limit ? offset ?")
                .params(params)
                .query((rs, n) -> {
                    String ms = rs.getString("measures");
                    Timestamp c = rs.getTimestamp("confirmed_at");
                    String st = rs.getString("status");
                    boolean changed = "listed".equals(st)
                            && differs(
                                    rs.getString("payee_bank_name"),
                                    rs.getString("payee_account_enc"),
                                    rs.getString("bank_name"),
                                    rs.getString("bank_account_enc"));
                    return new PaymentRow(
                            rs.getLong("id"),
                            rs.getLong("batch_id"),
                            rs.getString("batch_no"),
                            rs.getLong("app_id"),
                            rs.getString("app_no"),
                            rs.getString("state"),
                            rs.getLong("subject_id"),
                            rs.getString("payee_name"),
                            rs.getString("payee_bank_name"),
                            rs.getString("payee_account_masked"),
                            ms == null ? List.of() : Arrays.asList(ms.split(",")),
                            rs.getBigDecimal("approved_total"),
                            rs.getBigDecimal("pro_rata_factor"),
                            rs.getBigDecimal("amount"),
                            rs.getInt("attempt"),
                            st,
                            rs.getString("bank_reference"),
                            rs.getString("failure_reason"),
                            c == null ? null : c.toInstant(),
                            changed,
                            rs.getString("bank_name"),
                            rs.getString("bank_account_masked"));
                })
                .list();
        return new PageResult<>(rows, total, paging.page(), paging.size());
    }

    /** Exact sums (numeric in SQL) of the payments matching the filter; reissued attempts are left out of the total. */
    @Transactional(readOnly = true)
    public Totals totals(long roundId, String status, String q) {
        Where w = where(roundId, status, q);
        return jdbc.sql(
                        """
                        select count(*) filter (where p.status <> 'reissued'),
                            coalesce(sum(p.amount) filter (where p.status <> 'reissued'), 0),
                            count(*) filter (where p.status = 'listed'), coalesce(sum(p.amount) filter (where p.status = 'listed'), 0),
                            count(*) filter (where p.status = 'paid'), coalesce(sum(p.amount) filter (where p.status = 'paid'), 0),
                            count(*) filter (where p.status = 'failed'), coalesce(sum(p.amount) filter (where p.status = 'failed'), 0)"""
                                + FROM
                                + w.sql())
                .params(w.params())
                .query((rs, n) -> new Totals(
                        rs.getLong(1),
                        rs.getBigDecimal(2).setScale(2),
                        rs.getLong(3),
                        rs.getBigDecimal(4).setScale(2),
                        rs.getLong(5),
                        rs.getBigDecimal(6).setScale(2),
                        rs.getLong(7),
                        rs.getBigDecimal(8).setScale(2)))
                .single();
    }
}
