package org.ipaward.server.web.admin;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The policies with every stored version (label, SHA-256, when stored, status, effective dates, rounds
 * pinning it) and each version's YAML text, read-only. Policy administrators, system administrators and
 * auditors.
 */
@Controller
@PreAuthorize("hasAnyRole('POLICY_ADMIN', 'SYSTEM_ADMIN', 'AUDITOR')")
public class AdminPoliciesController {
    private final PolicyVersions versions;

    public AdminPoliciesController(PolicyVersions versions) {
        this.versions = versions;
    }

    @GetMapping("/admin/policies")
    public String list(Model model) {
        model.addAttribute("groups", versions.groups());
        return "admin/policies";
    }

    @GetMapping("/admin/policies/versions/{id}")
    public String version(@PathVariable("id") long id, Model model) {
        model.addAttribute("source", versions.source(id));
        return "admin/policy-version";
    }
}
