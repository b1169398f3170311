package org.ipaward.server.web.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ipaward.server.security.Role;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the administration pages share: the roles by name. (Errors become pages in ProblemHandler.) */
@ControllerAdvice(basePackageClasses = AdminAdvice.class)
public class AdminAdvice {
    /** Each role by its name, for showing a user's roles ({@code roleByName['AUDITOR'].zh()}). */
    @ModelAttribute("roleByName")
    public Map<String, Role> roleByName() {
        Map<String, Role> m = new LinkedHashMap<>();
        for (Role r : Role.values()) {
            m.put(r.name(), r);
        }
        return m;
    }
}
