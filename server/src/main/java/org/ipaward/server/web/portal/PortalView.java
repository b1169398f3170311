package org.ipaward.server.web.portal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.ipaward.server.security.Role;
import org.ipaward.server.web.ui.Ui;
import org.springframework.stereotype.Component;

/** Small formatting helpers for the portal's templates ({@code ${@portalView.role('ACCEPTOR')}}). */
@Component("portalView")
public class PortalView {
    /** A role's name in the page's language: who acted, never the staff member's name. */
    public String role(String role) {
        try {
            Role r = Role.valueOf(role);
            return Ui.english() ? r.en() : r.zh();
        } catch (IllegalArgumentException | NullPointerException e) {
            return role;
        }
    }

    /** A file size for people: 980 B, 12.4 KB, 3.1 MB. */
    public String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1024), 1, RoundingMode.HALF_UP) + " KB";
        }
        return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1024L * 1024), 1, RoundingMode.HALF_UP) + " MB";
    }
}
