package org.ipaward.server.web.ui;

import jakarta.servlet.http.HttpServletResponse;
import org.ipaward.server.policy.PolicyController;
import org.ipaward.server.policy.PolicyRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The policies in use and one page per policy with its measures (clause, quoted text, category, kind of
 * award), from the same views as the public policy API.
 */
@Controller
public class PolicyPagesController {
    private final PolicyRegistry registry;
    private final PolicyController api;

    public PolicyPagesController(PolicyRegistry registry, PolicyController api) {
        this.registry = registry;
        this.api = api;
    }

    @GetMapping("/policies")
    public String list(Model model) {
        model.addAttribute("policies", api.list());
        return "policies";
    }

    @GetMapping("/policies/{id}")
    public String detail(@PathVariable("id") String id, Model model, HttpServletResponse response) {
        if (registry.findCurrent(id).isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("what", id);
            return "not-found";
        }
        model.addAttribute("detail", api.detail(id, null));
        return "policy";
    }
}
