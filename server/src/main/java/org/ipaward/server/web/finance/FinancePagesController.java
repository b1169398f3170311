package org.ipaward.server.web.finance;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.payment.PaymentService;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.round.BudgetSummary;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.security.Actor;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.ipaward.server.web.ui.Ui;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The finance pages (财政拨付): each round's budget against the ledger (total, reserved, approved, paid,
 * remaining, per measure, the budget rule and the pro-rata factor), and the payment list of a round —
 * create it from the confirmed applications, mark payments paid (one or several) or failed (with a
 * reason), reissue failed ones, export XLSX, and see a bank account in full with a stated reason
 * (audited). Finance acts; an auditor may look.
 */
@Controller
@RequestMapping("/finance")
public class FinancePagesController {
    static final String VIEW = "hasAnyRole('FINANCE', 'AUDITOR')";
    static final String ACT = "hasRole('FINANCE')";

    /** A round's line on the overview: the round and its budget. */
    public record RoundLine(Round round, BudgetSummary budget, long confirmed) {}

    private final RoundService rounds;
    private final PaymentService payments;
    private final FinanceQueries queries;
    private final PolicyRegistry policies;
    private final TransactionTemplate tx;
    private final Ui ui;

    public FinancePagesController(
            RoundService rounds,
            PaymentService payments,
            FinanceQueries queries,
            PolicyRegistry policies,
            TransactionTemplate tx,
            Ui ui) {
        this.rounds = rounds;
        this.payments = payments;
        this.queries = queries;
        this.policies = policies;
        this.tx = tx;
        this.ui = ui;
    }

    // ---- budget -------------------------------------------------------------------------------------

    @GetMapping
    @PreAuthorize(VIEW)
    public String overview(
            @RequestParam(name = "policy", required = false) String policy,
            @RequestParam(name = "year", required = false) String year,
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) Integer page,
            Model model,
            HttpServletResponse response) {
        model.addAttribute("policy", policy);
        model.addAttribute("year", year);
        model.addAttribute("q", q);
        model.addAttribute("policies", policies.currentVersions());
        Integer y = null;
        try {
            if (year != null && !year.isBlank()) {
                y = Integer.valueOf(year.strip());
            }
            PageResult<Round> result = rounds.list(
                    new RoundService.Filter(blank(policy), y, null, null, q), Paging.of(page, 20), Instant.now());
            List<RoundLine> lines = new ArrayList<>();
            for (Round r : result.items()) {
                lines.add(new RoundLine(r, rounds.budget(r.id()), queries.confirmed(r.id())));
            }
            model.addAttribute("result", result);
            model.addAttribute("lines", lines);
        } catch (NumberFormatException e) {
            return refused(
                    model,
                    response,
                    ApiException.invalid(
                            "year",
                            year,
                            "round.year_invalid",
                            "年度“" + year + "”不是年份",
                            "year \"" + year + "\" is not a year"),
                    "finance/index");
        } catch (ApiException e) {
            return refused(model, response, e, "finance/index");
        }
        model.addAttribute(
                "baseUrl",
                UriComponentsBuilder.fromPath("/finance")
                        .queryParamIfPresent("policy", java.util.Optional.ofNullable(blank(policy)))
                        .queryParamIfPresent("year", java.util.Optional.ofNullable(y))
                        .queryParamIfPresent("q", java.util.Optional.ofNullable(blank(q)))
                        .build()
                        .encode()
                        .toUriString());
        return "finance/index";
    }

    @GetMapping("/rounds/{id}")
    @PreAuthorize(VIEW)
    public String round(@PathVariable("id") long id, Model model) {
        Round r = rounds.get(id);
        model.addAttribute("round", r);
        BudgetSummary b = rounds.budget(id);
        model.addAttribute("budget", b);
        model.addAttribute("usedPercent", usedPercent(b));
        model.addAttribute("meta", rounds.meta(id));
        model.addAttribute("titles", titles(r));
        model.addAttribute(
                "policyTitle", policies.version(r.policyVersionId()).policy().title());
        model.addAttribute("confirmed", queries.confirmed(id));
        model.addAttribute("batches", queries.batches(id));
        return "finance/round";
    }

    // ---- payments -----------------------------------------------------------------------------------

    @GetMapping("/rounds/{id}/payments")
    @PreAuthorize(VIEW)
    public String payments(
            @PathVariable("id") long id,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) Integer page,
            Model model,
            HttpServletResponse response) {
        return paymentsPage(id, status, q, page, model, response, null);
    }

    @PostMapping("/rounds/{id}/payment-batches")
    @PreAuthorize(ACT)
    public String createBatch(
            @PathVariable("id") long id, Model model, HttpServletResponse response, RedirectAttributes flash) {
        try {
            PaymentService.Batch b = payments.create(id);
            flash(flash, "fin.flash.batch_created", b.no(), b.payments().size(), ui.money(b.total()));
        } catch (ApiException e) {
            return paymentsPage(id, null, null, null, model, response, e);
        }
        return "redirect:/finance/rounds/" + id + "/payments";
    }

    @PostMapping("/payments/{pid}/paid")
    @PreAuthorize(ACT)
    public String paid(
            @PathVariable("pid") long pid,
            @RequestParam(name = "bank_reference", required = false) String reference,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) Integer page,
            Model model,
            HttpServletResponse response,
            RedirectAttributes flash) {
        long round = queries.roundOfPayment(pid);
        try {
            PaymentService.Payment p = payments.paid(pid, reference(reference));
            flash(flash, "fin.flash.paid", p.applicationNo(), ui.money(p.amount()));
        } catch (ApiException e) {
            model.addAttribute("actionPayment", pid);
            model.addAttribute("bankReference", reference);
            return paymentsPage(round, status, q, page, model, response, e);
        }
        return back(round, status, q, page, pid);
    }

    /** Marks every selected payment paid, all or none (one transaction). */
    @PostMapping("/rounds/{id}/payments/paid")
    @PreAuthorize(ACT)
    public String paidSelected(
            @PathVariable("id") long id,
            @RequestParam(name = "ids", required = false) List<Long> ids,
            @RequestParam(name = "bank_reference", required = false) String reference,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) Integer page,
            Model model,
            HttpServletResponse response,
            RedirectAttributes flash) {
        try {
            if (ids == null || ids.isEmpty()) {
                throw ApiException.invalid(
                        "ids",
                        null,
                        "payment.none_selected",
                        "请先勾选要确认已拨付的记录",
                        "select the payments to confirm as paid first");
            }
            for (long pid : ids) {
                if (queries.roundOfPayment(pid) != id) {
                    throw ApiException.notFound("payment", pid);
                }
            }
            java.math.BigDecimal sum = tx.execute(s -> {
                java.math.BigDecimal total = java.math.BigDecimal.ZERO;
                for (long pid : ids) {
                    total = total.add(new java.math.BigDecimal(
                            payments.paid(pid, reference(reference)).amount()));
                }
                return total;
            });
            flash(flash, "fin.flash.paid_many", ids.size(), ui.money(sum));
        } catch (ApiException e) {
            model.addAttribute("bulkReference", reference);
            model.addAttribute("selected", ids == null ? List.of() : ids);
            return paymentsPage(id, status, q, page, model, response, e);
        }
        return back(id, status, q, page, null);
    }

    @PostMapping("/payments/{pid}/failed")
    @PreAuthorize(ACT)
    public String failed(
            @PathVariable("pid") long pid,
            @RequestParam(name = "reason", required = false) String reason,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) Integer page,
            Model model,
            HttpServletResponse response,
            RedirectAttributes flash) {
        long round = queries.roundOfPayment(pid);
        try {
            PaymentService.Payment p = payments.failed(pid, reason);
            flash(flash, "fin.flash.failed", p.applicationNo());
        } catch (ApiException e) {
            model.addAttribute("actionPayment", pid);
            model.addAttribute("failReason", reason);
            model.addAttribute("failedPayment", pid);
            return paymentsPage(round, status, q, page, model, response, e);
        }
        return back(round, status, q, page, pid);
    }

    @PostMapping("/payments/{pid}/reissue")
    @PreAuthorize(ACT)
    public String reissue(
            @PathVariable("pid") long pid,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) Integer page,
            Model model,
            HttpServletResponse response,
            RedirectAttributes flash) {
        long round = queries.roundOfPayment(pid);
        try {
            PaymentService.Payment p = payments.reissue(pid);
            flash(flash, "fin.flash.reissued", p.applicationNo(), p.attempt());
            return back(round, status, q, page, p.id());
        } catch (ApiException e) {
            model.addAttribute("actionPayment", pid);
            return paymentsPage(round, status, q, page, model, response, e);
        }
    }

    /** Shows one payee's bank account in full on this page (never stored or redirected); needs a reason, audited. */
    @PostMapping("/payments/{pid}/unmask")
    @PreAuthorize(ACT)
    public String unmask(
            @PathVariable("pid") long pid,
            @RequestParam(name = "reason", required = false) String reason,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) Integer page,
            Model model,
            HttpServletResponse response) {
        long round = queries.roundOfPayment(pid);
        try {
            String value = payments.unmaskPayee(pid, reason, Actor.require());
            response.setHeader("Cache-Control", "no-store");
            model.addAttribute("unmaskedPayment", pid);
            model.addAttribute("unmaskedValue", value);
            return paymentsPage(round, status, q, page, model, response, null);
        } catch (ApiException e) {
            model.addAttribute("actionPayment", pid);
            model.addAttribute("unmaskReason", reason);
            return paymentsPage(round, status, q, page, model, response, e);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private String paymentsPage(
            long id,
            String status,
            String q,
            Integer page,
            Model model,
            HttpServletResponse response,
            ApiException problem) {
        Round r = rounds.get(id);
        model.addAttribute("round", r);
        model.addAttribute("titles", titles(r));
        model.addAttribute("status", status);
        model.addAttribute("q", q);
        model.addAttribute("confirmed", queries.confirmed(id));
        model.addAttribute("batches", queries.batches(id));
        model.addAttribute("budget", rounds.budget(id));
        if (!model.containsAttribute("selected")) {
            model.addAttribute("selected", List.of());
        }
        String st;
        Paging paging;
        try {
            st = FinanceQueries.status(status);
            paging = Paging.of(page, 20);
        } catch (ApiException e) {
            st = null;
            paging = Paging.of(0, 20);
            if (problem == null) {
                problem = e;
            }
        }
        model.addAttribute("result", queries.payments(id, st, q, paging));
        model.addAttribute("totals", queries.totals(id, st, q));
        model.addAttribute("page", paging.page());
        model.addAttribute(
                "baseUrl",
                UriComponentsBuilder.fromPath("/finance/rounds/" + id + "/payments")
                        .queryParamIfPresent("status", java.util.Optional.ofNullable(st))
                        .queryParamIfPresent("q", java.util.Optional.ofNullable(blank(q)))
                        .build()
                        .encode()
                        .toUriString());
        if (problem != null) {
            response.setStatus(problem.status().value());
            model.addAttribute("problem", problem);
        }
        return "finance/payments";
    }

    private static String refused(Model model, HttpServletResponse response, ApiException e, String view) {
        response.setStatus(e.status().value());
        model.addAttribute("problem", e);
        model.addAttribute("lines", List.of());
        model.addAttribute("result", new PageResult<>(List.of(), 0, 0, 20));
        model.addAttribute("baseUrl", "/finance");
        return view;
    }

    private static String back(long round, String status, String q, Integer page, Long anchor) {
        String url = UriComponentsBuilder.fromPath("/finance/rounds/" + round + "/payments")
                .queryParamIfPresent("status", java.util.Optional.ofNullable(blank(status)))
                .queryParamIfPresent("q", java.util.Optional.ofNullable(blank(q)))
                .queryParamIfPresent("page", java.util.Optional.ofNullable(page))
                .build()
                .encode()
                .toUriString();
        return "redirect:" + url + (anchor == null ? "" : "#pay-" + anchor);
    }

    private static void flash(RedirectAttributes flash, String key, Object... args) {
        flash.addFlashAttribute("flashKey", key);
        flash.addFlashAttribute("flashArgs", args);
    }

    private static String reference(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String v = s.strip();
        if (v.length() > 100) {
            throw ApiException.invalid(
                    "bank_reference",
                    v,
                    "payment.reference_too_long",
                    "银行流水号/凭证号不能超过 100 个字符",
                    "the bank reference may have at most 100 characters");
        }
        return v;
    }

    /** Committed as a whole percentage of the budget, rounded down, at most 100 (for a bar). */
    static int usedPercent(BudgetSummary b) {
        if (b.budget().signum() <= 0) {
            return b.committed().signum() > 0 ? 100 : 0;
        }
        return b.committed()
                .multiply(java.math.BigDecimal.valueOf(100))
                .divide(b.budget(), 0, java.math.RoundingMode.DOWN)
                .min(java.math.BigDecimal.valueOf(100))
                .intValue();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Measure id → title in the page's language, for the round's policy. */
    private Map<String, String> titles(Round r) {
        Policy p = policies.version(r.policyVersionId()).policy();
        Map<String, String> out = new LinkedHashMap<>();
        for (Measure m : p.measures()) {
            out.put(m.id(), ui.t(m.title()));
        }
        return out;
    }
}
