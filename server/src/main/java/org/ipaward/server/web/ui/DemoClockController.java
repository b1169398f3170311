package org.ipaward.server.web.ui;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ipaward.server.audit.AuditLog;
import org.ipaward.server.config.OffsetClock;
import org.ipaward.server.error.ApiException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Demo installations only ({@code ipaward.demo-data=true}): office staff may move the system date forward
 * a few days, so that a publicity period or a correction deadline can end during a training session.
 * Audited; refused (404) everywhere else.
 */
@Controller
public class DemoClockController {
    private final OffsetClock clock;
    private final AuditLog audit;
    private final boolean demo;

    public DemoClockController(OffsetClock clock, AuditLog audit, @Value("${ipaward.demo-data:false}") boolean demo) {
        this.clock = clock;
        this.audit = audit;
        this.demo = demo;
    }

    @PostMapping("/demo/clock")
    @PreAuthorize("hasAnyRole('ACCEPTOR','APPROVER','SYSTEM_ADMIN')")
    @Transactional
    public String advance(
            @RequestParam(name = "days", required = false) Integer days,
            @RequestParam(name = "back", required = false) String back) {
        if (!demo) {
            throw ApiException.notFound("demo", "clock");
        }
        if (days == null || days < 1 || days > 30) {
            throw ApiException.invalid(
                    "days", days, "demo.days", "请填写 1 至 30 之间的天数", "give a number of days from 1 to 30");
        }
        LocalDate before = LocalDate.now(clock);
        clock.advance(Duration.ofDays(days));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("days", days);
        details.put("from", before.toString());
        details.put("to", LocalDate.now(clock).toString());
        audit.record("demo.clock_advance", "system", null, details);
        return "redirect:" + (back != null && back.startsWith("/") && !back.startsWith("//") ? back : "/workbench");
    }
}
