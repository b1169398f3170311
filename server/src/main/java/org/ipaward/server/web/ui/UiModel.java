package org.ipaward.server.web.ui;

import org.ipaward.server.security.Actor;
import org.ipaward.server.security.UserAccount;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's layout needs: the signed-in person (or none), for every page controller under web. */
@ControllerAdvice(basePackages = "org.ipaward.server.web")
public class UiModel {
    @ModelAttribute("currentUser")
    public UserAccount currentUser() {
        return Actor.current().orElse(null);
    }
}
