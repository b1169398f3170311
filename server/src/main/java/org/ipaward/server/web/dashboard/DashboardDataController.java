package org.ipaward.server.web.dashboard;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard's figures as JSON for its charts (money as strings of yuan, summed exactly), for every
 * office role; refusals and bad filters answer as problem+json like the API.
 */
@RestController
public class DashboardDataController {
    private final DashboardService service;
    private final DashboardController pages;

    public DashboardDataController(DashboardService service, DashboardController pages) {
        this.service = service;
        this.pages = pages;
    }

    @GetMapping(value = "/dashboard/data", produces = "application/json")
    @PreAuthorize(DashboardController.STAFF)
    public ResponseEntity<DashboardService.Data> data(
            @RequestParam(name = "policy", required = false) String policy,
            @RequestParam(name = "round", required = false) Long round,
            @RequestParam(name = "year", required = false) Integer year) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(service.data(pages.filter(policy, round, year)));
    }
}
