package org.ipaward.server.web.portal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ipaward.engine.model.SubjectKind;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.subject.SubjectRequest;
import org.ipaward.server.subject.SubjectService;
import org.ipaward.server.subject.ids.IdCheck;
import org.ipaward.server.subject.ids.Uscc;
import org.ipaward.server.user.UserService;
import org.ipaward.server.user.UserView;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Registration in two steps: the account (user name, display name, a password the zxcvbn policy accepts),
 * after which the person is signed in; then the subject they apply as (an organisation with its USCC, a
 * person with their ID number, or a service agency), through the same service as {@code POST /api/subjects}.
 */
@Controller
public class RegisterController {
    /** The kinds offered, organisations first. */
    static final List<String> KINDS =
            Arrays.stream(SubjectKind.values()).map(SubjectKind::id).toList();

    private final UserService users;
    private final SubjectService subjects;
    private final PortalSignIn signIn;
    private final PolicyRegistry policies;

    public RegisterController(
            UserService users, SubjectService subjects, PortalSignIn signIn, PolicyRegistry policies) {
        this.users = users;
        this.subjects = subjects;
        this.signIn = signIn;
        this.policies = policies;
    }

    @GetMapping("/register")
    public String register(Model model) {
        UserAccount user = Actor.current().orElse(null);
        if (user != null) {
            return user.has(Role.APPLICANT) ? "redirect:/portal/subject" : "redirect:/";
        }
        model.addAttribute("form", Map.of());
        return "portal/register";
    }

    @PostMapping("/register")
    public String registerPost(
            @RequestParam Map<String, String> form,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes flash) {
        if (Actor.current().isPresent()) {
            return "redirect:/portal";
        }
        String password = form.getOrDefault("password", "");
        try {
            if (!password.equals(form.getOrDefault("password2", ""))) {
                throw ApiException.invalid(
                        "password2", null, "password.mismatch", "两次输入的密码不一致", "the two passwords differ");
            }
            UserView created =
                    users.register(form.getOrDefault("username", "").strip(), form.get("display_name"), password);
            signIn.signIn(created.id(), request, response);
        } catch (ApiException e) {
            Forms.refused(e, model, response);
            model.addAttribute("form", withoutPasswords(form));
            return "portal/register";
        }
        flash.addFlashAttribute("flash", "portal.register.done");
        return "redirect:/portal/subject";
    }

    @GetMapping("/portal/subject")
    @PreAuthorize("hasRole('APPLICANT')")
    public String subject(Model model) {
        if (hasSubject()) {
            return "redirect:/portal/profile";
        }
        model.addAttribute("form", Map.of("kind", "enterprise"));
        subjectModel(model);
        return "portal/subject";
    }

    @PostMapping("/portal/subject")
    @PreAuthorize("hasRole('APPLICANT')")
    public String subjectPost(
            @RequestParam Map<String, String> form,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes flash) {
        UserAccount user = Actor.require();
        if (hasSubject()) {
            return "redirect:/portal/profile";
        }
        String kind = form.getOrDefault("kind", "");
        boolean person = "person".equals(kind);
        try {
            String uscc = person ? null : Forms.blankToNull(form.get("uscc"));
            if (uscc != null && !"on".equals(form.get("uscc_confirm"))) {
                // A wrong check character is accepted by the service (early pilot codes) but flagged for staff;
                // the page asks the applicant to look again first, naming exactly what failed.
                IdCheck<String> check = Uscc.check(uscc.toUpperCase(Locale.ROOT));
                if (check.warning()) {
                    throw ApiException.invalid("uscc", uscc, check.key(), check.message(), check.messageEn());
                }
            }
            subjects.create(
                    new SubjectRequest(
                            kind,
                            form.get("name"),
                            uscc,
                            person ? Forms.blankToNull(form.get("id_number")) : null,
                            person ? null : Forms.blankToNull(form.get("registered_region")),
                            person ? Forms.blankToNull(form.get("household_region")) : null,
                            person ? null : regions(form.get("served_regions")),
                            person ? null : Forms.blankToNull(form.get("mu_grade")),
                            Forms.blankToNull(form.get("address")),
                            Forms.blankToNull(form.get("contact_name")),
                            Forms.blankToNull(form.get("phone")),
                            Forms.blankToNull(form.get("bank_name")),
                            Forms.blankToNull(form.get("bank_account")),
                            null),
                    user);
        } catch (ApiException e) {
            Forms.refused(e, model, response);
            if (e.status() == HttpStatus.CONFLICT && "subject.already_linked".equals(e.key())) {
                return "redirect:/portal/profile";
            }
            model.addAttribute("form", form);
            subjectModel(model);
            return "portal/subject";
        }
        signIn.refresh(user.id(), request, response);
        flash.addFlashAttribute("flash", "portal.subject.done");
        return "redirect:/portal";
    }

    private boolean hasSubject() {
        try {
            subjects.mine(Actor.require());
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    private void subjectModel(Model model) {
        model.addAttribute("kinds", KINDS);
        model.addAttribute(
                "regions",
                policies.currentVersions().stream()
                        .map(v -> v.policy().region())
                        .distinct()
                        .toList());
    }

    /** Region codes separated by commas, spaces or 、 (null when none: the service keeps the default). */
    static List<String> regions(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String part : s.split("[,，、\\s]+")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private static Map<String, String> withoutPasswords(Map<String, String> form) {
        Map<String, String> m = new java.util.LinkedHashMap<>(form);
        m.remove("password");
        m.remove("password2");
        m.remove("_csrf");
        return m;
    }
}
