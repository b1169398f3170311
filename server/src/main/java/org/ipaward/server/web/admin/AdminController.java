package org.ipaward.server.web.admin;

import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.policy.PolicyRegistry;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserAccount;
import org.ipaward.server.user.UserService;
import org.ipaward.server.web.Paging;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The administration overview: a card per section the signed-in person's roles allow, with a few counts. */
@Controller
public class AdminController {
    /** Counts for the cards; a section the person may not see has no counts (null). */
    public record Overview(
            Long users, Long usersLocked, Long usersDisabled, int policies, long policyVersions, Long auditRecords) {}

    private final UserService users;
    private final PolicyRegistry policies;
    private final PolicyVersions versions;
    private final AuditLog audit;

    public AdminController(UserService users, PolicyRegistry policies, PolicyVersions versions, AuditLog audit) {
        this.users = users;
        this.policies = policies;
        this.versions = versions;
        this.audit = audit;
    }

    @GetMapping("/admin")
    @PreAuthorize("hasAnyRole('SYSTEM_ADMIN', 'POLICY_ADMIN', 'AUDITOR')")
    public String overview(Model model) {
        UserAccount me = Actor.require();
        boolean sysAdmin = me.has(Role.SYSTEM_ADMIN);
        boolean auditor = sysAdmin || me.has(Role.AUDITOR);
        Paging one = Paging.of(0, 1);
        model.addAttribute(
                "overview",
                new Overview(
                        sysAdmin ? users.list(null, null, null, null, one).total() : null,
                        sysAdmin ? users.list(null, null, true, null, one).total() : null,
                        sysAdmin ? users.list(null, null, null, false, one).total() : null,
                        policies.currentVersions().size(),
                        versions.count(),
                        auditor ? audit.count() : null));
        model.addAttribute("sysAdmin", sysAdmin);
        model.addAttribute("auditor", auditor);
        return "admin/index";
    }
}
