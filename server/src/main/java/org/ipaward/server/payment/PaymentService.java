package org.ipaward.server.payment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.server.application.ApplicationDtos.ActionInput;
import org.ipaward.server.application.Applications;
import org.ipaward.server.application.ResultJson;
import org.ipaward.server.application.WorkflowService;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.crypto.FieldCipher;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.export.Xlsx;
import org.ipaward.server.ledger.LedgerService;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.subject.SubjectService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Payment lists for the finance bureau: a batch of a round's confirmed awards (reduced pro rata when the
 * round's rule says so and its budget is overcommitted), then each payment confirmed paid, or failed and
 * reissued. Every step moves the application through the workflow and is audited.
 *
 * <p>A payment keeps the payee it was listed with (name, bank, account encrypted and masked), copied from the
 * subject when the list is made or a failed payment is reissued; pages, exports and the API show that copy,
 * so a later change of the subject's account never changes what a payment was listed, or paid, to.
 */
@Service
public class PaymentService {
    public record Payment(
            long id,
            long applicationId,
            String applicationNo,
            String subject,
            String bankName,
            String bankAccount,
            String approvedAmount,
            String amount,
            int attempt,
            String status,
            String bankReference,
            String failureReason,
            Instant confirmedAt) {}

    public record Batch(
            long id,
            String no,
            long roundId,
            String total,
            String proRataFactor,
            Instant createdAt,
            List<Payment> payments) {}

    private final JdbcClient jdbc;
    private final RoundService rounds;
    private final LedgerService ledger;
    private final Applications apps;
    private final WorkflowService workflow;
    private final AuditLog audit;
    private final SubjectService subjects;
    private final FieldCipher cipher;

    public PaymentService(
            JdbcClient jdbc,
            RoundService rounds,
            LedgerService ledger,
            Applications apps,
            WorkflowService workflow,
            AuditLog audit,
            SubjectService subjects,
            FieldCipher cipher) {
        this.jdbc = jdbc;
        this.rounds = rounds;
        this.ledger = ledger;
        this.apps = apps;
        this.workflow = workflow;
        this.audit = audit;
        this.subjects = subjects;
        this.cipher = cipher;
    }

    /**
     * Inserts a listed payment with the payee as the subject has it now (name, bank, encrypted and masked
     * account): the copy every page and export shows for this payment from then on.
     */
    private long insertListed(long batchId, long applicationId, BigDecimal amount, int attempt) {
        return jdbc.sql(
                        """
                        insert into payment (batch_id, application_id, amount, attempt, status,
                            payee_name, payee_bank_name, payee_account_enc, payee_account_masked)
                        select ?, a.id, ?, ?, 'listed', s.name, s.bank_name, s.bank_account_enc, s.bank_account_masked
                        from application a join subject s on s.id = a.subject_id where a.id = ?
                        returning id""")
                .params(batchId, amount, attempt, applicationId)
                .query(Long.class)
                .single();
    }

    /** The factor a pro-rata round pays at: budget ÷ committed, when committed exceeds the budget. */
    public BigDecimal factor(Round round) {
        if (!"pro_rata".equals(round.budgetRule())) {
            return null;
        }
        BigDecimal committed = ledger.committed(round.id());
        if (committed.compareTo(round.budget()) <= 0 || committed.signum() == 0) {
            return null;
        }
        return round.budget().divide(committed, 10, RoundingMode.DOWN);
    }

    /** A payment list of every confirmed award in the round. */
    @Transactional
    public Batch create(long roundId) {
        UserAccount user = Actor.require();
        Round round = rounds.get(roundId);
        List<Long> ids = jdbc.sql("select id from application where round_id = ? and state = 'confirmed' order by id")
                .param(roundId)
                .query(Long.class)
                .list();
        if (ids.isEmpty()) {
            throw ApiException.conflict(
                    "payment.nothing_to_list", "本批次没有公示期满待拨付的申报", "no confirmed awards to pay in this round");
        }
        BigDecimal factor = factor(round);
        long batchId = jdbc.sql(
                        "insert into payment_batch (no, round_id, total, pro_rata_factor, created_by) values ('tmp-' || substr(md5(random()::text), 1, 24), ?, 0, ?, ?) returning id")
                .params(roundId, factor, user.id())
                .query(Long.class)
                .single();
        jdbc.sql("update payment_batch set no = ? where id = ?")
                .params(String.format("ZF%d-%04d", round.year(), batchId), batchId)
                .update();
        BigDecimal total = BigDecimal.ZERO;
        for (long id : ids) {
            Applications.App a = apps.get(id);
            BigDecimal amount = a.approvedTotal() == null ? BigDecimal.ZERO : a.approvedTotal();
            if (factor != null) {
                amount = amount.multiply(factor).setScale(2, RoundingMode.DOWN);
            }
            insertListed(batchId, id, amount, 1);
            workflow.perform(id, "list_payment", null);
            total = total.add(amount);
        }
        jdbc.sql("update payment_batch set total = ? where id = ?")
                .params(total, batchId)
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("round", roundId);
        details.put("applications", ids.size());
        details.put("total", total.toPlainString());
        if (factor != null) {
            details.put("pro_rata_factor", factor.toPlainString());
        }
        audit.record("payment.batch_create", "payment_batch", batchId, details);
        return batch(batchId);
    }

    @Transactional
    public Payment paid(long paymentId, String bankReference) {
        UserAccount user = Actor.require();
        Payment p = lockListed(paymentId, "确认已拨付", "confirmed as paid");
        jdbc.sql(
                        "update payment set status = 'paid', bank_reference = ?, confirmed_by = ?, confirmed_at = now() where id = ?")
                .params(bankReference, user.id(), paymentId)
                .update();
        workflow.perform(p.applicationId(), "mark_paid", null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("application", p.applicationNo());
        details.put("amount", p.amount());
        details.put("bank_reference", nz(bankReference));
        details.put("payee", nz(p.subject()));
        details.put("bank_name", nz(p.bankName()));
        details.put("bank_account", nz(p.bankAccount()));
        audit.record("payment.paid", "payment", paymentId, details);
        return payment(paymentId);
    }

    @Transactional
    public Payment failed(long paymentId, String reason) {
        UserAccount user = Actor.require();
        Payment p = lockListed(paymentId, "登记拨付失败", "recorded as failed");
        if (reason == null || reason.strip().length() < 2) {
            throw ApiException.invalid(
                    "reason",
                    reason,
                    "payment.reason_required",
                    "请填写拨付失败原因（至少 2 个字）",
                    "give the reason the payment failed (at least 2 characters)");
        }
        jdbc.sql(
                        "update payment set status = 'failed', failure_reason = ?, confirmed_by = ?, confirmed_at = now() where id = ?")
                .params(reason.strip(), user.id(), paymentId)
                .update();
        workflow.perform(p.applicationId(), "mark_failed", new ActionInput(reason, null, null, null, null));
        audit.record(
                "payment.failed",
                "payment",
                paymentId,
                Map.of("application", p.applicationNo(), "reason", reason.strip()));
        return payment(paymentId);
    }

    /** A failed payment is listed again (a new attempt in the same batch), e.g. after the bank details are fixed. */
    @Transactional
    public Payment reissue(long paymentId) {
        Actor.require();
        Payment p = payment(paymentId);
        if (!"failed".equals(p.status())) {
            throw ApiException.conflict(
                    "payment.not_failed", "只有拨付失败的记录可以重新拨付", "only a failed payment can be reissued");
        }
        jdbc.sql("update payment set status = 'reissued' where id = ?")
                .param(paymentId)
                .update();
        long batch = jdbc.sql("select batch_id from payment where id = ?")
                .param(paymentId)
                .query(Long.class)
                .single();
        long id = insertListed(batch, p.applicationId(), new BigDecimal(p.amount()), p.attempt() + 1);
        workflow.perform(p.applicationId(), "reissue", null);
        Payment now = payment(id);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("previous", paymentId);
        details.put("attempt", p.attempt() + 1);
        details.put("previous_bank_name", nz(p.bankName()));
        details.put("previous_bank_account", nz(p.bankAccount()));
        details.put("bank_name", nz(now.bankName()));
        details.put("bank_account", nz(now.bankAccount()));
        audit.record("payment.reissue", "payment", id, details);
        return now;
    }

    /**
     * Locks a payment awaiting confirmation; one in another status is refused, naming its status and the action
     * ({@code zh}, {@code en}: what the caller was about to do) in both languages.
     */
    private Payment lockListed(long paymentId, String zh, String en) {
        jdbc.sql("select id from payment where id = ? for update")
                .param(paymentId)
                .query(Long.class)
                .optional();
        Payment p = payment(paymentId);
        if (!"listed".equals(p.status())) {
            throw ApiException.conflict(
                    "payment.not_listed",
                    "该拨付记录当前为“" + statusZh(p.status()) + "”，只有“待拨付”的记录可以" + zh,
                    "the payment is “" + statusEn(p.status()) + "”; only one that is “To pay” can be " + en);
        }
        return p;
    }

    @Transactional(readOnly = true)
    public List<Batch> batches(Long roundId) {
        return jdbc
                .sql("select id from payment_batch where (cast(? as bigint) is null or round_id = ?) order by id desc")
                .params(roundId, roundId)
                .query(Long.class)
                .list()
                .stream()
                .map(this::batch)
                .toList();
    }

    @Transactional(readOnly = true)
    public Batch batch(long id) {
        return jdbc.sql("select * from payment_batch where id = ?")
                .param(id)
                .query((rs, n) -> new Batch(
                        rs.getLong("id"),
                        rs.getString("no"),
                        rs.getLong("round_id"),
                        ResultJson.money(rs.getBigDecimal("total")),
                        rs.getBigDecimal("pro_rata_factor") == null
                                ? null
                                : rs.getBigDecimal("pro_rata_factor").toPlainString(),
                        rs.getTimestamp("created_at").toInstant(),
                        payments("p.batch_id = ?", id)))
                .optional()
                .orElseThrow(() -> ApiException.notFound("payment", id));
    }

    @Transactional(readOnly = true)
    public Payment payment(long id) {
        List<Payment> l = payments("p.id = ?", id);
        if (l.isEmpty()) {
            throw ApiException.notFound("payment", id);
        }
        return l.get(0);
    }

    /** Payments of an application, for its owner's progress view and for staff. */
    @Transactional(readOnly = true)
    public List<Payment> ofApplication(long applicationId) {
        return payments("p.application_id = ?", applicationId);
    }

    private List<Payment> payments(String where, long param) {
        return jdbc.sql(
                        """
                        select p.*, a.no, a.approved_total
                        from payment p join application a on a.id = p.application_id"""
                                + " where "
                                + where
                                + " order by p.id")
                .param(param)
                .query((rs, n) -> {
                    java.sql.Timestamp c = rs.getTimestamp("confirmed_at");
                    return new Payment(
                            rs.getLong("id"),
                            rs.getLong("application_id"),
                            rs.getString("no"),
                            rs.getString("payee_name"),
                            rs.getString("payee_bank_name"),
                            rs.getString("payee_account_masked"),
                            ResultJson.money(rs.getBigDecimal("approved_total")),
                            ResultJson.money(rs.getBigDecimal("amount")),
                            rs.getInt("attempt"),
                            rs.getString("status"),
                            rs.getString("bank_reference"),
                            rs.getString("failure_reason"),
                            c == null ? null : c.toInstant());
                })
                .list();
    }

    /**
     * The full account a payment was listed with (its own copy, not the subject's current one), for the roles
     * and with the reason {@link SubjectService#unmask} requires; audited as {@code payment.unmask} with the
     * field and the reason, never the value. Null when the payment has no account.
     */
    @Transactional
    public String unmaskPayee(long paymentId, String reason, UserAccount by) {
        String why = subjects.checkUnmask("bank_account", reason, by);
        String stored = jdbc.sql("select payee_account_enc from payment where id = ?")
                .param(paymentId)
                .query((rs, n) -> java.util.Optional.ofNullable(rs.getString(1)))
                .optional()
                .orElseThrow(() -> ApiException.notFound("payment", paymentId))
                .orElse(null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("field", "bank_account");
        details.put("reason", why);
        details.put("empty", stored == null);
        audit.record("payment.unmask", "payment", paymentId, details);
        return cipher.decrypt(stored);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** An exported payment list: the name a person reads (round and list number), an ASCII name, the bytes. */
    public record Sheet(String filename, String asciiFilename, byte[] bytes) {}

    /**
     * The payment list as XLSX for the finance bureau (bank accounts masked); the approved and paid totals
     * are exact sums written as number cells. Named {@code 拨付清单-<round title>-<list no>.xlsx}, in ASCII
     * {@code payment-list-<list no>.xlsx}.
     */
    @Transactional
    public Sheet xlsx(long batchId) {
        Batch b = batch(batchId);
        Round round = rounds.get(b.roundId());
        List<List<String>> rows = new ArrayList<>();
        int i = 1;
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal approved = BigDecimal.ZERO;
        for (Payment p : b.payments()) {
            if ("reissued".equals(p.status())) {
                continue;
            }
            rows.add(List.of(
                    String.valueOf(i++),
                    p.applicationNo(),
                    p.subject(),
                    p.bankName() == null ? "" : p.bankName(),
                    p.bankAccount() == null ? "" : p.bankAccount(),
                    p.approvedAmount() == null ? "" : p.approvedAmount(),
                    p.amount(),
                    statusZh(p.status()),
                    p.bankReference() == null ? "" : p.bankReference()));
            total = total.add(new BigDecimal(p.amount()));
            if (p.approvedAmount() != null) {
                approved = approved.add(new BigDecimal(p.approvedAmount()));
            }
        }
        audit.record("export.payment_list", "payment_batch", batchId, Map.of("rows", rows.size()));
        String title = round.title() + " 拨付清单 " + b.no()
                + (b.proRataFactor() == null ? "" : "（预算不足，按比例 " + b.proRataFactor() + " 核减）");
        byte[] bytes = Xlsx.sheet(
                "拨付清单",
                title,
                List.of(
                        "序号 No.",
                        "申报编号 Application",
                        "收款单位/个人 Payee",
                        "开户银行 Bank",
                        "银行账号 Account",
                        "核定金额（元）Approved",
                        "拨付金额（元）Amount",
                        "状态 Status",
                        "银行流水号 Reference"),
                rows,
                List.of("合计 Total", "", "", "", "", approved.setScale(2), total.setScale(2), "", ""));
        return new Sheet("拨付清单-" + round.title() + "-" + b.no() + ".xlsx", "payment-list-" + b.no() + ".xlsx", bytes);
    }

    static String statusZh(String s) {
        return switch (s) {
            case "listed" -> "待拨付";
            case "paid" -> "已拨付";
            case "failed" -> "拨付失败";
            case "reissued" -> "已重新拨付";
            default -> s;
        };
    }

    static String statusEn(String s) {
        return switch (s) {
            case "listed" -> "To pay";
            case "paid" -> "Paid";
            case "failed" -> "Failed";
            case "reissued" -> "Reissued";
            default -> s;
        };
    }
}
