package org.ipaward.server.web.admin;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.security.Role;
import org.ipaward.server.user.UserService;
import org.ipaward.server.user.UserView;
import org.ipaward.server.web.FormErrors;
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
 * User administration for system administrators: the list with search and filters, creating a staff user,
 * changing display name and roles, disabling and enabling, unlocking, and password resets. Everything goes
 * through {@link UserService}, which checks the input and audits every change.
 */
@Controller
@PreAuthorize("hasRole('SYSTEM_ADMIN')")
public class AdminUsersController {
    /** The create form as typed, kept when it is refused (never the password). */
    public record NewUser(String username, String displayName, List<String> roles) {}

    private final UserService users;

    public AdminUsersController(UserService users) {
        this.users = users;
    }

    /** The roles a new staff account may get: every role but applicant (applicants register themselves). */
    public static List<Role> staffRoles() {
        return Arrays.stream(Role.values()).filter(Role::staff).toList();
    }

    @GetMapping("/admin/users")
    public String list(
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "role", required = false) String role,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "page", required = false) Integer page,
            Model model,
            HttpServletResponse response) {
        Boolean enabled = null;
        Boolean locked = null;
        String st = status == null ? "" : status;
        switch (st) {
            case "enabled" -> enabled = true;
            case "disabled" -> enabled = false;
            case "locked" -> locked = true;
            default -> st = "";
        }
        String r = role == null || role.isBlank() ? null : role;
        PageResult<UserView> result;
        try {
            result = users.list(q, r, locked, enabled, Paging.of(page, 20));
        } catch (ApiException e) {
            response.setStatus(e.status().value());
            model.addAttribute("problem", e);
            result = users.list(q, null, locked, enabled, Paging.of(0, 20));
            r = null;
        }
        model.addAttribute("result", result);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("role", r == null ? "" : r);
        model.addAttribute("status", st);
        model.addAttribute("roles", Role.values());
        model.addAttribute(
                "base",
                UriComponentsBuilder.fromPath("/admin/users")
                        .queryParamIfPresent("q", java.util.Optional.ofNullable(blankToNull(q)))
                        .queryParamIfPresent("role", java.util.Optional.ofNullable(r))
                        .queryParamIfPresent("status", java.util.Optional.ofNullable(blankToNull(st)))
                        .encode()
                        .build()
                        .toUriString());
        return "admin/users";
    }

    @GetMapping("/admin/users/new")
    public String newUser(Model model) {
        return createForm(model, new NewUser("", "", List.of()), null);
    }

    @PostMapping("/admin/users")
    public String create(
            @RequestParam(name = "username", required = false) String username,
            @RequestParam(name = "display_name", required = false) String displayName,
            @RequestParam(name = "roles", required = false) List<String> roles,
            @RequestParam(name = "password", required = false) String password,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        List<String> chosen = roles == null ? List.of() : roles;
        try {
            UserView u = users.create(username, displayName, chosen, null, password);
            redirect.addFlashAttribute("flash", "admin.users.flash.created");
            redirect.addFlashAttribute("flashArg", u.username());
            return "redirect:/admin/users/" + u.id();
        } catch (ApiException e) {
            response.setStatus(e.status().value());
            return createForm(model, new NewUser(username, displayName, chosen), e);
        }
    }

    private String createForm(Model model, NewUser form, ApiException problem) {
        model.addAttribute("form", form);
        model.addAttribute("staffRoles", staffRoles());
        model.addAttribute("problem", problem);
        model.addAttribute("errors", FormErrors.messages(problem));
        return "admin/user-new";
    }

    @GetMapping("/admin/users/{id}")
    public String show(@PathVariable("id") long id, Model model) {
        UserView u = users.get(id);
        return detail(model, u, u.displayName(), u.roles(), null);
    }

    @PostMapping("/admin/users/{id}")
    public String update(
            @PathVariable("id") long id,
            @RequestParam(name = "display_name", required = false) String displayName,
            @RequestParam(name = "roles", required = false) List<String> roles,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        List<String> chosen = roles == null ? List.of() : roles;
        try {
            users.update(id, displayName == null ? "" : displayName, chosen, null);
            redirect.addFlashAttribute("flash", "admin.user.flash.updated");
            return "redirect:/admin/users/" + id;
        } catch (ApiException e) {
            UserView u = users.get(id);
            response.setStatus(e.status().value());
            return detail(model, u, displayName, chosen, e);
        }
    }

    @PostMapping("/admin/users/{id}/enabled")
    public String enable(
            @PathVariable("id") long id,
            @RequestParam(name = "enabled") boolean enabled,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            users.update(id, null, null, enabled);
            redirect.addFlashAttribute("flash", enabled ? "admin.user.flash.enabled" : "admin.user.flash.disabled");
            return "redirect:/admin/users/" + id;
        } catch (ApiException e) {
            UserView u = users.get(id);
            response.setStatus(e.status().value());
            return detail(model, u, u.displayName(), u.roles(), e);
        }
    }

    @PostMapping("/admin/users/{id}/unlock")
    public String unlock(@PathVariable("id") long id, RedirectAttributes redirect) {
        users.unlock(id);
        redirect.addFlashAttribute("flash", "admin.user.flash.unlocked");
        return "redirect:/admin/users/" + id;
    }

    /**
     * Resets the password: {@code mode=generate} has the server make a temporary password, shown once on
     * the next page (kept only in the one-time flash); {@code mode=set} sets the one the administrator
     * typed, checked by the password policy. Either way the account is unlocked and its sessions end.
     */
    @PostMapping("/admin/users/{id}/reset-password")
    public String resetPassword(
            @PathVariable("id") long id,
            @RequestParam(name = "mode", required = false) String mode,
            @RequestParam(name = "password", required = false) String password,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        boolean generate = !"set".equals(mode);
        try {
            if (!generate && (password == null || password.isEmpty())) {
                throw ApiException.invalid("password", null, "password.required", "请填写新密码", "type the new password");
            }
            UserService.ResetResult r = users.resetPassword(id, generate ? null : password);
            redirect.addFlashAttribute("flash", "admin.user.flash.reset");
            if (r.generated()) {
                redirect.addFlashAttribute("temporaryPassword", r.temporaryPassword());
            }
            return "redirect:/admin/users/" + id;
        } catch (ApiException e) {
            UserView u = users.get(id);
            response.setStatus(e.status().value());
            model.addAttribute("resetMode", "set");
            return detail(model, u, u.displayName(), u.roles(), e);
        }
    }

    private String detail(Model model, UserView u, String displayName, List<String> roles, ApiException problem) {
        model.addAttribute("user", u);
        model.addAttribute("displayName", displayName);
        model.addAttribute("chosenRoles", new ArrayList<>(roles));
        model.addAttribute("roles", Role.values());
        model.addAttribute("problem", problem);
        model.addAttribute("errors", FormErrors.messages(problem));
        if (!model.containsAttribute("resetMode")) {
            model.addAttribute("resetMode", "generate");
        }
        return "admin/user";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
