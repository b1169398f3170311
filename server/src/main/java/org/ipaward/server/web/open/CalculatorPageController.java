package org.ipaward.server.web.open;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.ipaward.engine.model.Measure;
import org.ipaward.engine.model.Policy;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.engine.model.Text;
import org.ipaward.server.calculator.PublicCalculator;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.subject.SubjectService;
import org.ipaward.server.web.ui.Ui;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The policy calculator page (政策计算器), no sign-in: choose a policy in use, describe the subject, tick
 * measures, state their facts, and see for each measure whether it qualifies, how much, what is missing and
 * the explanation step by step. The form posts to {@code /calculator/results} as the person types (htmx) and
 * to {@code /calculator} without script; {@code GET /calculator?...} with the same parameters is a link to a
 * result. The calculation is {@link PublicCalculator#calculate}, the same as {@code POST /api/public/calculate}.
 *
 * <p>Parameters: {@code policy}, {@code kind}, {@code registered_region}, {@code household_region},
 * {@code served_regions} (codes separated by commas or spaces), {@code mu_grade}, {@code year} (matter year),
 * {@code measure} (repeated) and {@code f.<measure>.<fact>} for each fact.
 */
@Controller
public class CalculatorPageController {
    /** Grades of Jindong's 亩均效益 evaluation, and "not evaluated". */
    static final List<String> MU_GRADES = SubjectService.MU_GRADES;

    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,，;；、\\s]+");
    private static final Set<String> NOT_STATE = Set.of("_csrf");

    /** One input of a measure's fact. */
    public record FactField(
            String id,
            String param,
            String name,
            String input,
            String inputMode,
            String label,
            String help,
            String unit,
            String min,
            String max,
            List<Option> options,
            String value,
            List<ApiException.FieldProblem> errors) {}

    public record Option(String value, String label) {}

    /** A measure as the page offers it: ticked or not, with its facts' inputs. */
    public record MeasureBlock(Measure measure, boolean chosen, List<FactField> fields) {}

    public record CategoryGroup(Measure.Category category, List<MeasureBlock> measures) {}

    /** Which subject fields the policy asks for, and for which kinds (space-separated, for the page's script). */
    public record SubjectFields(String registeredKinds, String householdKinds, String servedKinds, boolean muGrade) {}

    private final PolicyRegistry policies;
    private final PublicCalculator calculator;
    private final MessageSource messages;
    private final Ui ui;

    public CalculatorPageController(
            PolicyRegistry policies, PublicCalculator calculator, MessageSource messages, Ui ui) {
        this.policies = policies;
        this.calculator = calculator;
        this.messages = messages;
        this.ui = ui;
    }

    @GetMapping("/calculator")
    public String page(@RequestParam MultiValueMap<String, String> params, Model model, HttpServletResponse response) {
        return full(params, model, response);
    }

    @PostMapping("/calculator")
    public String post(@RequestParam MultiValueMap<String, String> params, Model model, HttpServletResponse response) {
        return full(params, model, response);
    }

    /** The results alone (total, each measure, errors), for htmx; the field errors come out of band. */
    @PostMapping("/calculator/results")
    public String results(
            @RequestParam MultiValueMap<String, String> params, Model model, HttpServletResponse response) {
        PolicyRegistry.Version v = version(first(params, "policy"));
        if (v == null) {
            return notFound(first(params, "policy"), model, response);
        }
        prepare(v, params, model, response);
        model.addAttribute("oob", true);
        response.setHeader("HX-Replace-Url", (String) model.getAttribute("shareUrl"));
        return "open/calc-parts :: results";
    }

    private String full(MultiValueMap<String, String> params, Model model, HttpServletResponse response) {
        PolicyRegistry.Version v = version(first(params, "policy"));
        if (v == null) {
            return notFound(first(params, "policy"), model, response);
        }
        prepare(v, params, model, response);
        return "open/calculator";
    }

    private String notFound(String policy, Model model, HttpServletResponse response) {
        response.setStatus(404);
        model.addAttribute("what", policy);
        return "not-found";
    }

    private PolicyRegistry.Version version(String policyId) {
        if (policyId == null || policyId.isBlank()) {
            List<PolicyRegistry.Version> all = policies.currentVersions();
            return all.stream()
                    .filter(v -> v.policy().status() == Policy.Status.IN_FORCE)
                    .findFirst()
                    .orElse(all.isEmpty() ? null : all.get(0));
        }
        return policies.findCurrent(policyId.strip()).orElse(null);
    }

    private void prepare(
            PolicyRegistry.Version v, MultiValueMap<String, String> params, Model model, HttpServletResponse response) {
        Policy p = v.policy();
        List<SubjectKind> kinds = new ArrayList<>();
        for (SubjectKind k : SubjectKind.values()) {
            if (p.applicants() == null || p.applicants().kinds().contains(k)) {
                kinds.add(k);
            }
        }
        String kind = or(
                first(params, "kind"),
                kinds.isEmpty() ? "enterprise" : kinds.get(0).id());
        String region = p.region() == null ? "" : p.region().code();
        String registered = or(params.getFirst("registered_region"), region);
        String household = or(params.getFirst("household_region"), region);
        String served = or(params.getFirst("served_regions"), "");
        String muGrade = or(params.getFirst("mu_grade"), "");
        String year = or(first(params, "year"), String.valueOf(calculator.defaultYear(v)));
        List<String> chosen = new ArrayList<>();
        for (String m : params.getOrDefault("measure", List.of())) {
            if (p.measure(m) != null && !chosen.contains(m)) {
                chosen.add(m);
            }
        }

        ApiException problem = null;
        Map<String, Object> calculation = null;
        if (!chosen.isEmpty()) {
            try {
                calculation = calculator.calculate(
                        request(v, params, chosen, kind, registered, household, served, muGrade, year));
            } catch (ApiException e) {
                problem = e;
                response.setStatus(e.status().value());
            }
        }
        Map<String, List<ApiException.FieldProblem>> errors = fieldErrors(problem, chosen);

        List<CategoryGroup> groups = new ArrayList<>();
        Set<String> errorIds = new LinkedHashSet<>(List.of(
                "calc-kind",
                "calc-registered-region",
                "calc-household-region",
                "calc-served-regions",
                "calc-mu-grade",
                "calc-year",
                "calc-measures"));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("subject.registered_region", msg("calc.subject.registered_region"));
        labels.put("subject.household_region", msg("calc.subject.household_region"));
        labels.put("subject.served_regions", msg("calc.subject.served_regions"));
        labels.put("subject.mu_grade", msg("calc.subject.mu_grade"));
        for (Measure.Category c : Measure.Category.values()) {
            List<MeasureBlock> blocks = new ArrayList<>();
            for (Measure m : p.measures()) {
                if (m.category() != c || m.indicator()) {
                    continue;
                }
                boolean on = chosen.contains(m.id());
                List<FactField> fields = fields(p, m, params, errors);
                if (on) {
                    for (FactField f : fields) {
                        errorIds.add(f.id());
                        labels.putIfAbsent(f.name(), f.label());
                    }
                }
                blocks.add(new MeasureBlock(m, on, fields));
            }
            if (!blocks.isEmpty()) {
                groups.add(new CategoryGroup(c, blocks));
            }
        }

        model.addAttribute("policies", policies.currentVersions());
        model.addAttribute("version", v);
        model.addAttribute("policy", p);
        model.addAttribute("kinds", kinds);
        model.addAttribute("kind", kind);
        model.addAttribute("registeredRegion", registered);
        model.addAttribute("householdRegion", household);
        model.addAttribute("servedRegions", served);
        model.addAttribute("muGrade", muGrade);
        model.addAttribute("muGrades", MU_GRADES);
        model.addAttribute("year", year);
        model.addAttribute("subjectFields", subjectFields(p));
        model.addAttribute("groups", groups);
        model.addAttribute("chosen", chosen);
        model.addAttribute("errors", errors);
        model.addAttribute("errorIds", errorIds);
        model.addAttribute("problem", problem);
        model.addAttribute("calculation", calculation);
        model.addAttribute("labels", labels);
        model.addAttribute("shareUrl", shareUrl(params, v, chosen));
        model.addAttribute("eligibleCount", count(calculation, "eligible"));
        model.addAttribute("undeterminedCount", count(calculation, "undetermined"));
        model.addAttribute("notEligibleCount", count(calculation, "not_eligible"));
    }

    private PublicCalculator.CalculateRequest request(
            PolicyRegistry.Version v,
            MultiValueMap<String, String> params,
            List<String> chosen,
            String kind,
            String registered,
            String household,
            String served,
            String muGrade,
            String yearText) {
        Integer year;
        try {
            year = Integer.valueOf(yearText.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(
                    "year",
                    yearText,
                    "calc.year",
                    "事项年度须为四位数的年份，如 " + calculator.defaultYear(v),
                    "the matter year must be a year such as " + calculator.defaultYear(v));
        }
        List<PublicCalculator.ClaimInput> claims = new ArrayList<>();
        for (String id : chosen) {
            Measure m = v.policy().measure(id);
            Map<String, Object> facts = new LinkedHashMap<>();
            for (Measure.Fact f : m.facts().values()) {
                if (!shown(v.policy(), m, f)) {
                    continue;
                }
                String raw = params.getFirst(param(m, f));
                if (raw == null || raw.isBlank()) {
                    continue;
                }
                facts.put(f.name(), f.type() == Measure.FactType.LIST ? split(raw) : raw.strip());
            }
            claims.add(new PublicCalculator.ClaimInput(id, year, facts, null));
        }
        return new PublicCalculator.CalculateRequest(
                v.policyId(),
                null,
                new PublicCalculator.SubjectInput(
                        kind,
                        null,
                        blankToNull(registered),
                        blankToNull(household),
                        served.isBlank() ? List.of() : split(served),
                        blankToNull(muGrade)),
                claims,
                true);
    }

    /** Which input each refused field belongs to: {@code claims[2].facts.x} → the second chosen measure's x. */
    private static Map<String, List<ApiException.FieldProblem>> fieldErrors(ApiException e, List<String> chosen) {
        Map<String, List<ApiException.FieldProblem>> out = new LinkedHashMap<>();
        if (e == null) {
            return out;
        }
        for (ApiException.FieldProblem fp : e.errors()) {
            String id = inputId(fp.field(), chosen);
            if (id != null) {
                out.computeIfAbsent(id, k -> new ArrayList<>()).add(fp);
            }
        }
        return out;
    }

    static String inputId(String field, List<String> chosen) {
        if (field == null) {
            return null;
        }
        switch (field) {
            case "subject.kind":
                return "calc-kind";
            case "subject.registered_region":
                return "calc-registered-region";
            case "subject.household_region":
                return "calc-household-region";
            case "subject.served_regions":
                return "calc-served-regions";
            case "subject.mu_grade":
                return "calc-mu-grade";
            case "year":
                return "calc-year";
            case "claims":
                return "calc-measures";
            default:
                break;
        }
        if (field.startsWith("claims[")) {
            int close = field.indexOf(']');
            try {
                int i = Integer.parseInt(field.substring("claims[".length(), close)) - 1;
                String rest = field.substring(close + 1);
                if (i >= 0 && i < chosen.size()) {
                    if (rest.startsWith(".facts.")) {
                        return factId(chosen.get(i), rest.substring(".facts.".length()));
                    }
                    if (rest.equals(".year")) {
                        return "calc-year";
                    }
                }
            } catch (RuntimeException ex) {
                return null;
            }
        }
        return null;
    }

    static String factId(String measure, String fact) {
        return "calc-fact-" + measure + "-" + fact;
    }

    static String param(Measure m, Measure.Fact f) {
        return "f." + m.id() + "." + f.name();
    }

    /** Whether the page asks for a fact: the kind of right only when the measure allows more than one. */
    static boolean shown(Policy p, Measure m, Measure.Fact f) {
        if (f.name().equals("right_kind")) {
            return m.rightKinds() != null && m.rightKinds().size() > 1;
        }
        if (f.name().equals("first_rights_holder")) {
            return p.applicants() != null && p.applicants().firstRightsHolderOnly();
        }
        return true;
    }

    private List<FactField> fields(
            Policy p,
            Measure m,
            MultiValueMap<String, String> params,
            Map<String, List<ApiException.FieldProblem>> errors) {
        List<FactField> out = new ArrayList<>();
        for (Measure.Fact f : m.facts().values()) {
            if (!shown(p, m, f)) {
                continue;
            }
            String id = factId(m.id(), f.name());
            List<Option> options = new ArrayList<>();
            String input;
            String mode = null;
            String unit = f.unit();
            switch (f.type()) {
                case MONEY -> {
                    input = "number";
                    mode = "decimal";
                    unit = msg("calc.unit.yuan");
                }
                case INTEGER -> {
                    input = "number";
                    mode = "numeric";
                }
                case PERCENT -> {
                    input = "number";
                    mode = "decimal";
                    unit = "%";
                }
                case DECIMAL -> {
                    input = "number";
                    mode = "decimal";
                }
                case BOOLEAN -> {
                    input = "select";
                    options.add(new Option("true", msg("calc.yes")));
                    options.add(new Option("false", msg("calc.no")));
                }
                case ENUM -> {
                    input = "select";
                    if (f.name().equals("right_kind")) {
                        for (String k : m.rightKinds()) {
                            options.add(new Option(k, msg("calc.ip." + k)));
                        }
                    } else {
                        f.values().forEach((k, t) -> options.add(new Option(k, ui.t(t))));
                    }
                }
                case DATE -> input = "date";
                case LIST -> input = "list";
                default -> input = "text";
            }
            out.add(new FactField(
                    id,
                    param(m, f),
                    f.name(),
                    input,
                    mode,
                    ui.t(f.label()),
                    f.help() == null ? null : ui.t(f.help()),
                    unit,
                    f.min() == null ? null : f.min().toPlainString(),
                    f.max() == null ? null : f.max().toPlainString(),
                    options,
                    or(params.getFirst(param(m, f)), ""),
                    errors.getOrDefault(id, List.of())));
        }
        return out;
    }

    private static SubjectFields subjectFields(Policy p) {
        Set<String> registered = new LinkedHashSet<>();
        Set<String> household = new LinkedHashSet<>();
        Set<String> served = new LinkedHashSet<>();
        if (p.applicants() != null && p.applicants().region() != null) {
            for (Policy.RegionRule r : p.applicants().region()) {
                Set<String> target =
                        switch (r.basis()) {
                            case REGISTERED -> registered;
                            case HOUSEHOLD -> household;
                            case SERVING -> served;
                        };
                r.kinds().forEach(k -> target.add(k.id()));
            }
        }
        boolean mu = p.adjustments() != null
                && p.adjustments().stream()
                        .anyMatch(a -> a.source() != null && a.source().contains("subject.mu_grade"));
        return new SubjectFields(
                String.join(" ", registered), String.join(" ", household), String.join(" ", served), mu);
    }

    /** The page's address with the state of the form, to copy or bookmark. */
    private static String shareUrl(
            MultiValueMap<String, String> params, PolicyRegistry.Version v, List<String> chosen) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath("/calculator").queryParam("policy", v.policyId());
        for (String name :
                List.of("kind", "registered_region", "household_region", "served_regions", "mu_grade", "year")) {
            String value = params.getFirst(name);
            if (value != null && !value.isBlank()) {
                b.queryParam(name, value.strip());
            }
        }
        for (String m : chosen) {
            b.queryParam("measure", m);
        }
        params.forEach((name, values) -> {
            if (NOT_STATE.contains(name) || !name.startsWith("f.") || values.isEmpty()) {
                return;
            }
            String value = values.get(0);
            String rest = name.substring(2);
            boolean ofChosen = chosen.stream().anyMatch(m -> rest.startsWith(m + "."));
            if (ofChosen && value != null && !value.isBlank()) {
                b.queryParam(name, value.strip());
            }
        });
        return b.encode().build().toUriString();
    }

    private static long count(Map<String, Object> calculation, String status) {
        if (calculation == null) {
            return 0;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) calculation.get("results");
        return results.stream().filter(r -> status.equals(r.get("status"))).count();
    }

    private String msg(String key) {
        Locale locale = LocaleContextHolder.getLocale();
        return messages.getMessage(key, null, key, locale);
    }

    private static List<String> split(String raw) {
        List<String> out = new ArrayList<>();
        for (String s : LIST_SEPARATOR.split(raw.strip())) {
            if (!s.isBlank()) {
                out.add(s);
            }
        }
        return out;
    }

    private static String first(MultiValueMap<String, String> params, String name) {
        String v = params.getFirst(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String or(String v, String fallback) {
        return v == null ? fallback : v;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    static Text label(SubjectKind k) {
        return k.label();
    }
}
