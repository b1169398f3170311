package org.ipaward.server.web.open;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.server.application.Computation;
import org.ipaward.server.config.ClockConfig;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.publicity.PublicityService;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.settings.Settings;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.ipaward.server.web.ui.Ui;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The publicity pages (公示), no sign-in: the rounds with awards in publicity or publicised in the last year,
 * each round's public list (persons' names masked, as {@link PublicityService#list} gives it) with search,
 * pagination and the XLSX download, and the online objection form for an award in publicity, which files
 * through {@link PublicityService#object} and ends on a receipt with the objection's number, and the lookup
 * of an objection's outcome by its number and the contact given with it — a lookup that pauses for a client
 * address after too many failures ({@link LookupLimit}, the figures are {@link Settings#objectionLookupMaxFailures()}
 * and {@link Settings#objectionLookupMinutes()}).
 */
@Controller
public class PublicityPagesController {
    static final int PAGE_SIZE = 20;
    /** Client addresses whose failed lookups are remembered at most (a couple of MB); see {@link LookupLimit}. */
    static final int LOOKUP_ADDRESSES = 10_000;

    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ClockConfig.ZONE);

    /** One award of the public list, with its measures' titles in the page's language. */
    public record Row(
            int index,
            String no,
            String subject,
            List<String> measures,
            String amount,
            boolean inPublicity,
            LocalDate publicityEnds) {}

    /** What the receipt page shows after an objection was filed. */
    public record Receipt(long id, String applicationNo, java.time.Instant receivedAt, LocalDate publicityEnds) {}

    private final PublicRounds publicRounds;
    private final PublicityService publicity;
    private final RoundService rounds;
    private final Computation computation;
    private final Ui ui;
    private final Settings settings;
    private final Clock clock;
    private final LookupLimit lookupLimit = new LookupLimit(LOOKUP_ADDRESSES);

    public PublicityPagesController(
            PublicRounds publicRounds,
            PublicityService publicity,
            RoundService rounds,
            Computation computation,
            Ui ui,
            Settings settings,
            Clock clock) {
        this.publicRounds = publicRounds;
        this.publicity = publicity;
        this.rounds = rounds;
        this.computation = computation;
        this.ui = ui;
        this.settings = settings;
        this.clock = clock;
    }

    @GetMapping("/publicity")
    public String rounds(
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) Integer page,
            Model model) {
        PageResult<PublicRounds.RoundRow> result = publicRounds.list(q, Paging.of(page, PAGE_SIZE));
        model.addAttribute("result", result);
        model.addAttribute("q", q == null ? "" : q.strip());
        return "open/publicity-rounds";
    }

    @GetMapping("/publicity/{roundId}")
    public String round(
            @PathVariable("roundId") long roundId,
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "page", required = false) Integer page,
            Model model,
            HttpServletResponse response) {
        Round round;
        List<Row> all;
        try {
            round = rounds.get(roundId);
            all = rows(round);
        } catch (ApiException e) {
            return notFound(String.valueOf(roundId), model, response);
        }
        String search = q == null ? "" : q.strip();
        List<Row> found = all.stream().filter(r -> matches(r, search)).toList();
        Paging paging = Paging.of(page, PAGE_SIZE);
        int from = (int) Math.min(paging.offset(), found.size());
        int to = Math.min(from + paging.size(), found.size());
        model.addAttribute("round", round);
        model.addAttribute("policy", computation.policy(round));
        model.addAttribute(
                "result", new PageResult<>(found.subList(from, to), found.size(), paging.page(), paging.size()));
        model.addAttribute("listed", all.size());
        model.addAttribute("inPublicity", all.stream().filter(Row::inPublicity).count());
        model.addAttribute("q", search);
        return "open/publicity-round";
    }

    @GetMapping("/publicity/{roundId}/objection")
    public String objectionForm(
            @PathVariable("roundId") long roundId,
            @RequestParam(name = "no", required = false) String no,
            Model model,
            HttpServletResponse response) {
        return form(roundId, no, "", "", "", null, model, response);
    }

    @PostMapping("/publicity/{roundId}/objection")
    public String object(
            @PathVariable("roundId") long roundId,
            @RequestParam(name = "application_no", required = false) String no,
            @RequestParam(name = "filer_name", required = false) String name,
            @RequestParam(name = "contact", required = false) String contact,
            @RequestParam(name = "text", required = false) String text,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Row row;
        try {
            row = entry(roundId, no);
        } catch (ApiException e) {
            return notFound(no, model, response);
        }
        try {
            if (!row.inPublicity()) {
                throw ApiException.conflict(
                        "objection.not_in_publicity", "该申报不在公示期内，不能提出异议", "the application is not in publicity");
            }
            PublicityService.Objection o =
                    publicity.object(new PublicityService.NewObjection(row.no(), name, contact, text));
            redirect.addFlashAttribute(
                    "receipt", new Receipt(o.id(), o.applicationNo(), o.receivedAt(), row.publicityEnds()));
            return "redirect:/publicity/" + roundId + "/objection/received";
        } catch (ApiException e) {
            return form(roundId, no, name, contact, text, e, model, response);
        }
    }

    @GetMapping("/publicity/{roundId}/objection/received")
    public String received(@PathVariable("roundId") long roundId, Model model) {
        model.addAttribute("roundId", roundId);
        return "open/objection-received";
    }

    /** The public lookup of an objection's outcome: its number and the contact given with it. */
    @GetMapping("/publicity/objections")
    public String lookupForm(Model model) {
        return lookup("", "", null, null, model);
    }

    /**
     * Shows the objection's status and the office's answer when the number and the contact match; one error
     * alike for a wrong number and a wrong contact, so numbers cannot be probed. Posted, so the contact stays
     * out of addresses and logs.
     *
     * <p>After {@link Settings#objectionLookupMaxFailures()} failed lookups (10 by default) within {@link
     * Settings#objectionLookupMinutes()} (15) from one client address, every lookup from it is refused with 429
     * and the time it may try again until that window ends; only failures count. The client address is the
     * connection's ({@code getRemoteAddr()}): behind a reverse proxy it is the proxy's unless the server is told
     * to trust {@code X-Forwarded-For} ({@code server.forward-headers-strategy}, docs/operations.md).
     */
    @PostMapping("/publicity/objections")
    public String lookupPost(
            @RequestParam(name = "number", required = false) String number,
            @RequestParam(name = "contact", required = false) String contact,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response) {
        String client = request.getRemoteAddr();
        Instant now = clock.instant();
        int max = settings.objectionLookupMaxFailures();
        int minutes = settings.objectionLookupMinutes();
        Duration window = Duration.ofMinutes(minutes);
        Instant until = lookupLimit.refusedUntil(client, now, max, window);
        if (until != null) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader(
                    "Retry-After",
                    String.valueOf(Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000)));
            String at = UNTIL.format(until.plusSeconds(59).truncatedTo(ChronoUnit.MINUTES));
            return lookup(
                    number,
                    contact,
                    null,
                    new ApiException(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "objection.lookup_limited",
                            "查询失败次数过多：同一网络地址 " + minutes + " 分钟内查询失败 " + max + " 次后暂停查询。请于 " + at + "（北京时间）后再试。",
                            "too many failed lookups: after " + max + " failed lookups within " + minutes
                                    + " minutes from one address, lookups pause. Try again after " + at
                                    + " (Beijing time)."),
                    model);
        }
        List<ApiException.FieldProblem> missing = new ArrayList<>();
        if (number == null || number.isBlank()) {
            missing.add(new ApiException.FieldProblem(
                    "number", null, "input.required", "请填写异议编号", "give the objection number"));
        }
        if (contact == null || contact.isBlank()) {
            missing.add(new ApiException.FieldProblem(
                    "contact",
                    null,
                    "input.required",
                    "请填写提出异议时留下的联系方式",
                    "give the contact you left with the objection"));
        }
        if (!missing.isEmpty()) {
            ApiException e = new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "input.required",
                    "请填写异议编号和联系方式",
                    "give the objection number and the contact",
                    missing);
            response.setStatus(400);
            return lookup(number, contact, null, e, model);
        }
        PublicityService.PublicStatus found =
                publicity.publicStatus(number, contact).orElse(null);
        if (found == null) {
            lookupLimit.failed(client, now, window);
            response.setStatus(404);
            return lookup(
                    number,
                    contact,
                    null,
                    new ApiException(
                            HttpStatus.NOT_FOUND,
                            "objection.lookup_failed",
                            "异议编号与联系方式不匹配，请核对后重试。提出异议时未留联系方式的，无法在线查询，请与主管部门联系。",
                            "the objection number and the contact do not match; check them and try again. An"
                                    + " objection filed without a contact cannot be looked up online: please contact"
                                    + " the office."),
                    model);
        }
        return lookup(number, contact, found, null, model);
    }

    private static String lookup(
            String number, String contact, PublicityService.PublicStatus found, ApiException problem, Model model) {
        Map<String, List<ApiException.FieldProblem>> errors = new HashMap<>();
        if (problem != null) {
            for (ApiException.FieldProblem p : problem.errors()) {
                errors.computeIfAbsent(p.field(), k -> new ArrayList<>()).add(p);
            }
        }
        model.addAttribute("number", number == null ? "" : number.strip());
        model.addAttribute("contact", contact == null ? "" : contact.strip());
        model.addAttribute("found", found);
        model.addAttribute("problem", problem);
        model.addAttribute("errors", errors);
        return "open/objection-status";
    }

    private String form(
            long roundId,
            String no,
            String name,
            String contact,
            String text,
            ApiException problem,
            Model model,
            HttpServletResponse response) {
        Row row;
        try {
            row = entry(roundId, no);
        } catch (ApiException e) {
            return notFound(no, model, response);
        }
        Map<String, List<ApiException.FieldProblem>> errors = new HashMap<>();
        if (problem != null) {
            response.setStatus(problem.status().value());
            for (ApiException.FieldProblem p : problem.errors()) {
                errors.computeIfAbsent(p.field(), k -> new ArrayList<>()).add(p);
            }
        } else if (!row.inPublicity()) {
            response.setStatus(409);
        }
        model.addAttribute("round", rounds.get(roundId));
        model.addAttribute("row", row);
        model.addAttribute("filerName", name == null ? "" : name);
        model.addAttribute("contact", contact == null ? "" : contact);
        model.addAttribute("text", text == null ? "" : text);
        model.addAttribute("problem", problem);
        model.addAttribute("errors", errors);
        return "open/objection";
    }

    /** The round's entry with this application number; 404 when the round or the number is not listed. */
    private Row entry(long roundId, String no) {
        Round round = rounds.get(roundId);
        String want = no == null ? "" : no.strip();
        return rows(round).stream()
                .filter(r -> r.no().equalsIgnoreCase(want))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("application", want));
    }

    private List<Row> rows(Round round) {
        Policy policy = computation.policy(round);
        Map<String, String> titles = new HashMap<>();
        for (Measure m : policy.measures()) {
            titles.putIfAbsent(m.title().zh(), ui.t(m.title()));
        }
        List<Row> out = new ArrayList<>();
        int i = 1;
        for (PublicityService.Item it : publicity.list(round.id())) {
            out.add(new Row(
                    i++,
                    it.no(),
                    it.subject(),
                    it.measures().stream().map(t -> titles.getOrDefault(t, t)).toList(),
                    it.amount(),
                    "公示中".equals(it.state()),
                    it.publicityEnds()));
        }
        return out;
    }

    private static boolean matches(Row r, String q) {
        if (q.isEmpty()) {
            return true;
        }
        String needle = q.toLowerCase(Locale.ROOT);
        return r.no().toLowerCase(Locale.ROOT).contains(needle)
                || (r.subject() != null && r.subject().toLowerCase(Locale.ROOT).contains(needle))
                || r.measures().stream()
                        .anyMatch(m -> m.toLowerCase(Locale.ROOT).contains(needle));
    }

    private static String notFound(String what, Model model, HttpServletResponse response) {
        response.setStatus(404);
        model.addAttribute("what", what);
        return "not-found";
    }
}
