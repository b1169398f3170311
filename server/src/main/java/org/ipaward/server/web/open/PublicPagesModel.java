package org.ipaward.server.web.open;

import org.ipaward.server.security.Actor;
import org.ipaward.server.security.UserAccount;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the layout needs on the public pages too: the signed-in person (or none), as web.ui.UiModel gives its pages. */
@ControllerAdvice(basePackageClasses = PublicPagesModel.class)
public class PublicPagesModel {
    @ModelAttribute("currentUser")
    public UserAccount currentUser() {
        return Actor.current().orElse(null);
    }
}
