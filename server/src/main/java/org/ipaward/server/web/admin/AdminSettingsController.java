package org.ipaward.server.web.admin;

import jakarta.servlet.http.HttpServletResponse;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.settings.Settings;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The system settings (publicity days, correction deadline, upload size, lockout) for system administrators. */
@Controller
@PreAuthorize("hasRole('SYSTEM_ADMIN')")
public class AdminSettingsController {
    private final Settings settings;

    public AdminSettingsController(Settings settings) {
        this.settings = settings;
    }

    @GetMapping("/admin/settings")
    public String show(Model model) {
        model.addAttribute("settings", settings.all());
        return "admin/settings";
    }

    @PostMapping("/admin/settings")
    public String save(
            @RequestParam(name = "key", required = false) String key,
            @RequestParam(name = "value", required = false) String value,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            Settings.Value v = settings.set(key, value);
            redirect.addFlashAttribute("flash", "admin.settings.flash.saved");
            redirect.addFlashAttribute("flashArg", v.value());
            redirect.addFlashAttribute("savedKey", key);
            return "redirect:/admin/settings#" + SettingsIds.row(key);
        } catch (ApiException e) {
            response.setStatus(e.status().value());
            model.addAttribute("settings", settings.all());
            model.addAttribute("problem", e);
            model.addAttribute("failedKey", key);
            model.addAttribute("failedValue", value);
            return "admin/settings";
        }
    }

    /** Element ids for a setting's row and input: {@code lockout.max_failures} → {@code setting-lockout-max_failures}. */
    public static final class SettingsIds {
        private SettingsIds() {}

        public static String row(String key) {
            return "setting-" + (key == null ? "" : key.replace('.', '-'));
        }
    }
}
