package org.ipaward.server.web.workbench;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipaward.server.application.IntakeQueue;
import org.ipaward.server.config.ClockConfig;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The deadline-day intake queue ({@code /workbench/intake}, 申报接收队列): the receipts by state, the oldest queued
 * one's age and the last minute's rates — refreshed every few seconds (htmx) while receipts are queued — and the
 * receipts newest first, by state, searchable by sender or idempotency key, each with the application it made or
 * the problem that refused it. A failed receipt can be put back in the queue by an acceptor or a system
 * administrator (audited); a refused one cannot: its sender was answered the refusal.
 */
@Controller
public class IntakePageController {
    /** Who sees the queue: the roles that see the review queue (it names senders and their subjects). */
    static final String READ = "hasAnyRole('ACCEPTOR','REVIEWER','APPROVER','AUDITOR','SYSTEM_ADMIN')";

    /** Who may put a failed receipt back in the queue. */
    static final String REQUEUE = "hasAnyRole('ACCEPTOR','SYSTEM_ADMIN')";

    /** The tabs: every state, then each state. */
    static final List<String> TABS = List.of(
            "all",
            IntakeQueue.STATUSES.get(0),
            IntakeQueue.STATUSES.get(1),
            IntakeQueue.STATUSES.get(2),
            IntakeQueue.STATUSES.get(3));

    /** How often the counts refresh themselves while receipts are queued. */
    static final String POLL = "every 5s";

    /** A receipt's time to the second, in Beijing time (the list's cell shows minutes, as other pages do). */
    static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ClockConfig.ZONE);

    private final IntakeQueue queue;
    private final Pages pages;

    public IntakePageController(IntakeQueue queue, Pages pages) {
        this.queue = queue;
        this.pages = pages;
    }

    @GetMapping("/workbench/intake")
    @PreAuthorize(READ)
    public String page(
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) String page,
            Model model,
            HttpServletResponse response) {
        fill(model, response, status, q, page);
        return "workbench/intake";
    }

    /** The counts fragment the page polls while receipts are queued (no polling attribute once none is). */
    @GetMapping("/workbench/intake/summary")
    @PreAuthorize(READ)
    public String summary(Model model) {
        summary(model, queue.summary());
        return "workbench/intake :: summary";
    }

    /** Puts a failed receipt back in the queue; a refusal (refused, done, queued, none) is shown on the page. */
    @PostMapping("/workbench/intake/{id}/requeue")
    @PreAuthorize(REQUEUE)
    public String requeue(
            @PathVariable long id,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) String page,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            queue.requeue(id);
        } catch (ApiException e) {
            fill(model, response, status, q, page);
            Pages.refuse(model, response, e);
            return "workbench/intake";
        }
        redirect.addFlashAttribute("notice", pages.msg("wb.intake.requeued", id));
        return "redirect:" + link(params(status, q));
    }

    private void fill(Model model, HttpServletResponse response, String status, String q, String page) {
        Map<String, String> params = params(status, q);
        String tab = params.get("status") == null ? "all" : params.get("status");
        model.addAttribute("tab", tab);
        model.addAttribute("tabs", TABS);
        model.addAttribute("params", params);
        model.addAttribute("base", link(params));
        Map<String, String> tabLinks = new LinkedHashMap<>();
        for (String t : TABS) {
            Map<String, String> other = new LinkedHashMap<>(params);
            other.put("status", "all".equals(t) ? null : t);
            tabLinks.put(t, link(other));
        }
        model.addAttribute("tabLinks", tabLinks);
        Map<String, String> reset = new LinkedHashMap<>(params);
        reset.put("q", null);
        model.addAttribute("resetLink", link(reset));
        model.addAttribute("seconds", SECONDS);
        UserAccount user = Actor.require();
        model.addAttribute("canRequeue", user.has(Role.ACCEPTOR) || user.has(Role.SYSTEM_ADMIN));
        summary(model, queue.summary());
        try {
            IntakeQueue.Filter filter = new IntakeQueue.Filter(params.get("status"), params.get("q"));
            IntakeQueue.check(filter);
            model.addAttribute("result", queue.search(filter, Paging.of(page(page), 20)));
        } catch (ApiException e) {
            Pages.refuse(model, response, e);
            model.addAttribute("result", new PageResult<>(List.of(), 0, 0, 20));
        }
    }

    private void summary(Model model, IntakeQueue.Summary s) {
        model.addAttribute("summary", s);
        model.addAttribute("statuses", IntakeQueue.STATUSES);
        model.addAttribute("oldestAge", s.oldestQueuedAge() == null ? null : age(s.oldestQueuedAge()));
        model.addAttribute("poll", s.queued() > 0 ? POLL : null);
    }

    /** An age for people: 45 秒, 3 分 12 秒, 2 小时 5 分 (in the page's language). */
    String age(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return pages.msg("wb.intake.age.seconds", s);
        }
        if (s < 3600) {
            return pages.msg("wb.intake.age.minutes", s / 60, s % 60);
        }
        return pages.msg("wb.intake.age.hours", s / 3600, (s % 3600) / 60);
    }

    /** The list's parameters, blank ones left out; {@code all} is no state filter. */
    private static Map<String, String> params(String status, String q) {
        Map<String, String> p = new LinkedHashMap<>();
        String st = blank(status);
        p.put("status", st == null || "all".equals(st) ? null : st);
        p.put("q", blank(q));
        return p;
    }

    /** The list's link with these parameters ({@code null} ones left out). */
    private static String link(Map<String, String> params) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath("/workbench/intake");
        params.forEach((k, v) -> {
            if (v != null) {
                b.queryParam(k, v);
            }
        });
        return b.encode().build().toUriString();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Integer page(String page) {
        if (page == null || page.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(page.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("page", page, "input.type", "页码须为数字", "the page must be a number");
        }
    }
}
