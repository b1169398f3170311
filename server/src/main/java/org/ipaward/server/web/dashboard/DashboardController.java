package org.ipaward.server.web.dashboard;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ipaward.engine.model.Policy;
import org.ipaward.server.config.ClockConfig;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.indicator.IndicatorService;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.web.ui.Ui;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The dashboard (统计): ECharts charts of amounts by measure, category and month, applications by state,
 * budget against use per round and processing time per state — each with a table of the same numbers —
 * filtered by policy, round and filing year; the figures come from {@code GET /dashboard/data} (JSON,
 * money as strings). Below them, a policy's indicators (Jindong's section 一 targets) against the actual
 * values the office enters; entering them is for policy administrators.
 */
@Controller
public class DashboardController {
    static final String STAFF =
            "hasAnyRole('ACCEPTOR', 'REVIEWER', 'APPROVER', 'FINANCE', 'POLICY_ADMIN', 'SYSTEM_ADMIN', 'AUDITOR')";
    static final String INDICATOR_EDITORS = "hasRole('POLICY_ADMIN')";

    /** One policy's indicators for one year, with the years to switch to and a count per status. */
    public record IndicatorBlock(
            Policy policy,
            List<Integer> years,
            int year,
            List<IndicatorService.Row> rows,
            long met,
            long notMet,
            long notEntered) {}

    /** The indicator form as filled in (kept after a refusal, or pre-filled to edit a row). */
    public record IndicatorForm(
            String policy, String indicator, String year, String value, String achieved, String note, String source) {}

    private final DashboardService service;
    private final IndicatorService indicators;
    private final PolicyRegistry policies;
    private final Clock clock;
    private final Ui ui;

    public DashboardController(
            DashboardService service, IndicatorService indicators, PolicyRegistry policies, Clock clock, Ui ui) {
        this.service = service;
        this.indicators = indicators;
        this.policies = policies;
        this.clock = clock;
        this.ui = ui;
    }

    @GetMapping("/dashboard")
    @PreAuthorize(STAFF)
    public String page(
            @RequestParam(name = "policy", required = false) String policy,
            @RequestParam(name = "round", required = false) String round,
            @RequestParam(name = "year", required = false) String year,
            @RequestParam(name = "iyear", required = false) String indicatorYear,
            @RequestParam(name = "edit", required = false) String edit,
            Model model,
            HttpServletResponse response) {
        ApiException problem = null;
        Long r = null;
        Integer y = null;
        try {
            r = number("round", round) == null ? null : number("round", round).longValue();
            y = number("year", year) == null ? null : number("year", year).intValue();
        } catch (ApiException e) {
            problem = e;
        }
        DashboardService.Filter f;
        try {
            f = filter(policy, r, y);
        } catch (ApiException e) {
            problem = e;
            f = new DashboardService.Filter(null, null, null);
        }
        Integer iyear = null;
        try {
            Long iy = number("iyear", indicatorYear);
            iyear = iy == null ? null : iy.intValue();
        } catch (ApiException e) {
            problem = problem == null ? e : problem;
        }
        IndicatorForm form = null;
        if (edit != null) {
            form = prefill(f.policy(), iyear, edit);
        }
        render(model, f, iyear, form);
        if (problem != null) {
            response.setStatus(problem.status().value());
            model.addAttribute("problem", problem);
        }
        return "dashboard/index";
    }

    @PostMapping("/dashboard/indicators")
    @PreAuthorize(INDICATOR_EDITORS)
    public String setIndicator(
            @RequestParam(name = "policy", required = false) String policy,
            @RequestParam(name = "indicator", required = false) String indicator,
            @RequestParam(name = "year", required = false) String year,
            @RequestParam(name = "value", required = false) String value,
            @RequestParam(name = "achieved", required = false) String achieved,
            @RequestParam(name = "note", required = false) String note,
            @RequestParam(name = "source", required = false) String source,
            Model model,
            HttpServletResponse response,
            RedirectAttributes flash) {
        try {
            IndicatorService.Row row =
                    indicators.set(new IndicatorService.Entry(policy, indicator, year, value, achieved, note, source));
            flash.addFlashAttribute("flashKey", "dash.ind.flash.saved");
            flash.addFlashAttribute("flashArgs", new Object[] {row.year(), ui.t(row.text())});
            flash.addFlashAttribute("savedIndicator", row.indicatorId());
            return "redirect:"
                    + UriComponentsBuilder.fromPath("/dashboard")
                            .queryParam("policy", row.policyId())
                            .queryParam("iyear", row.year())
                            .build()
                            .encode()
                            .toUriString()
                    + "#ind-" + row.indicatorId();
        } catch (ApiException e) {
            Integer iy = null;
            try {
                Long n = number("year", year);
                iy = n == null ? null : n.intValue();
            } catch (ApiException ignored) {
                // the problem already names the year
            }
            String p =
                    policies.findCurrent(policy == null ? "" : policy.strip()).isPresent() ? policy.strip() : null;
            render(
                    model,
                    new DashboardService.Filter(p, null, null),
                    iy,
                    new IndicatorForm(policy, indicator, year, value, achieved, note, source));
            response.setStatus(e.status().value());
            model.addAttribute("problem", e);
            model.addAttribute("indicatorProblem", e);
            return "dashboard/index";
        }
    }

    private void render(Model model, DashboardService.Filter f, Integer iyear, IndicatorForm form) {
        model.addAttribute("filter", f);
        model.addAttribute("data", service.data(f));
        model.addAttribute("policies", policies.currentVersions());
        model.addAttribute("rounds", service.rounds());
        model.addAttribute("years", service.years());
        model.addAttribute(
                "dataUrl",
                UriComponentsBuilder.fromPath("/dashboard/data")
                        .queryParamIfPresent("policy", Optional.ofNullable(f.policy()))
                        .queryParamIfPresent("round", Optional.ofNullable(f.round()))
                        .queryParamIfPresent("year", Optional.ofNullable(f.year()))
                        .build()
                        .encode()
                        .toUriString());
        List<IndicatorBlock> blocks = new ArrayList<>();
        for (Policy p : indicators.policiesWithIndicators()) {
            if (f.policy() != null && !f.policy().equals(p.id())) {
                continue;
            }
            List<Integer> ys = indicators.years(p);
            int y = iyear != null && ys.contains(iyear) ? iyear : defaultYear(ys);
            List<IndicatorService.Row> rows = indicators.table(p.id(), y);
            blocks.add(new IndicatorBlock(
                    p,
                    ys,
                    y,
                    rows,
                    count(rows, IndicatorService.Status.MET),
                    count(rows, IndicatorService.Status.NOT_MET),
                    count(rows, IndicatorService.Status.NOT_ENTERED)));
        }
        model.addAttribute("indicatorBlocks", blocks);
        if (form == null && !blocks.isEmpty()) {
            IndicatorBlock b = blocks.get(0);
            form = new IndicatorForm(b.policy().id(), null, String.valueOf(b.year()), null, null, null, null);
        }
        model.addAttribute("form", form);
    }

    private IndicatorForm prefill(String policy, Integer iyear, String indicator) {
        for (Policy p : indicators.policiesWithIndicators()) {
            if (policy != null && !policy.equals(p.id())) {
                continue;
            }
            List<Integer> ys = indicators.years(p);
            int y = iyear != null && ys.contains(iyear) ? iyear : defaultYear(ys);
            for (IndicatorService.Row row : indicators.table(p.id(), y)) {
                if (row.indicatorId().equals(indicator)) {
                    return new IndicatorForm(
                            p.id(),
                            row.indicatorId(),
                            String.valueOf(y),
                            row.valueShown(),
                            row.achieved() == null ? null : String.valueOf(row.achieved()),
                            row.note(),
                            row.source());
                }
            }
        }
        return null;
    }

    /** The latest year of the policy's period that has begun (the target year once it is reached). */
    private int defaultYear(List<Integer> years) {
        int now = LocalDate.now(clock.withZone(ClockConfig.ZONE)).getYear();
        int best = years.get(0);
        for (int y : years) {
            if (y <= now) {
                best = y;
            }
        }
        return best;
    }

    private static long count(List<IndicatorService.Row> rows, IndicatorService.Status s) {
        return rows.stream().filter(r -> r.status() == s).count();
    }

    DashboardService.Filter filter(String policy, Long round, Integer year) {
        String p = policy == null || policy.isBlank() ? null : policy.strip();
        if (p != null && policies.findCurrent(p).isEmpty()) {
            throw ApiException.invalid(
                    "policy",
                    policy,
                    "dashboard.policy_unknown",
                    "未知的政策“" + policy + "”",
                    "unknown policy \"" + policy + "\"");
        }
        return new DashboardService.Filter(p, round, year);
    }

    private static Long number(String field, String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(v.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(
                    field,
                    v,
                    "dashboard.filter_invalid",
                    "筛选条件 " + field + " 的值“" + v + "”应为数字",
                    "the filter " + field + " must be a number, not \"" + v + "\"");
        }
    }
}
