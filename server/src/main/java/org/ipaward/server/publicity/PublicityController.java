package org.ipaward.server.publicity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.ipaward.server.publicity.PublicityService.Decision;
import org.ipaward.server.publicity.PublicityService.NewObjection;
import org.ipaward.server.publicity.PublicityService.Objection;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api")
@Tag(name = "公示与异议 Publicity and objections")
public class PublicityController {
    public static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    public record PubliciseRequest(List<Long> applicationIds) {}

    private final PublicityService service;

    public PublicityController(PublicityService service) {
        this.service = service;
    }

    @PostMapping("/rounds/{id}/publicise")
    @PreAuthorize("hasAnyRole('ACCEPTOR','APPROVER')")
    @Operation(summary = "将本批次已批准的申报（或所列申报）进入公示", description = "Publicise the round's approved awards")
    public Map<String, Object> publicise(@PathVariable long id, @RequestBody(required = false) PubliciseRequest req) {
        List<String> done = service.publicise(id, req == null ? null : req.applicationIds());
        return Map.of("publicised", done);
    }

    @PostMapping("/rounds/{id}/confirm-publicity")
    @PreAuthorize("hasAnyRole('ACCEPTOR','APPROVER')")
    @Operation(
            summary = "确认公示期满且无未处理异议的申报",
            description = "Confirm awards whose publicity ended with no open objection")
    public Map<String, Object> confirm(@PathVariable long id) {
        return service.confirmEnded(id);
    }

    @GetMapping("/public/rounds/{id}/publicity")
    @Operation(summary = "公示名单（自然人姓名脱敏，不含证件号和银行信息）", description = "The publicity list, public")
    public List<PublicityService.Item> list(@PathVariable long id) {
        return service.list(id);
    }

    @GetMapping("/public/rounds/{id}/publicity.xlsx")
    @Operation(summary = "公示名单 XLSX", description = "The publicity list as XLSX")
    public ResponseEntity<byte[]> xlsx(@PathVariable long id) {
        return attachment(service.xlsx(id), "公示名单-" + id + ".xlsx");
    }

    @PostMapping("/public/objections")
    @Operation(summary = "对公示中的申报提出异议（无需登录）", description = "Object to a publicised award; no sign-in needed")
    public ResponseEntity<Map<String, Object>> object(@RequestBody NewObjection in) {
        Objection o = service.object(in);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Map.of(
                        "id",
                        o.id(),
                        "application_no",
                        o.applicationNo(),
                        "status",
                        o.status(),
                        "message",
                        "异议已收到，将依程序处理"));
    }

    @PostMapping("/applications/{id}/objections")
    @PreAuthorize("hasAnyRole('ACCEPTOR','APPROVER')")
    @Operation(summary = "登记书面或来电异议", description = "Record an objection received by letter or phone")
    public ResponseEntity<Objection> record(@PathVariable long id, @RequestBody NewObjection in) {
        String no = service.applicationNo(id);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(service.object(new NewObjection(no, in.filerName(), in.contact(), in.text())));
    }

    @GetMapping("/applications/{id}/objections")
    @PreAuthorize("hasAnyRole('ACCEPTOR','REVIEWER','APPROVER','FINANCE','AUDITOR','SYSTEM_ADMIN')")
    @Operation(
            summary = "该申报的异议（异议人姓名仅对受理、审批、审计人员完整显示，其他人员脱敏；联系方式均脱敏）",
            description = "Objections to an application; the objector's name in full for acceptors, approvers and"
                    + " auditors, masked (张*) for others; the contact masked for all")
    public List<Objection> forApplication(@PathVariable long id) {
        return service.forApplication(id);
    }

    @GetMapping("/rounds/{id}/objections")
    @PreAuthorize("hasAnyRole('ACCEPTOR','REVIEWER','APPROVER','FINANCE','AUDITOR','SYSTEM_ADMIN')")
    @Operation(
            summary = "本批次的异议（可按状态筛选：open、upheld、dismissed；异议人姓名仅对受理、审批、审计人员完整显示）",
            description = "Objections in a round; the objector's name in full for acceptors, approvers and auditors,"
                    + " masked (张*) for others; the contact masked for all")
    public List<Objection> forRound(
            @PathVariable long id, @RequestParam(name = "status", required = false) String status) {
        return service.forRound(id, status);
    }

    @PostMapping("/objections/{id}/decision")
    @PreAuthorize("hasRole('APPROVER')")
    @Operation(
            summary = "处理异议：upheld（成立：amend 调整金额 / reject 取消奖励）或 dismissed（不成立）",
            description = "Decide an objection")
    public Objection decide(@PathVariable long id, @RequestBody Decision d) {
        return service.decide(id, d);
    }

    public record ContactRequest(String reason) {}

    @PostMapping("/objections/{id}/contact")
    @PreAuthorize("hasAnyRole('ACCEPTOR','APPROVER')")
    @Operation(
            summary = "查看异议人联系方式（须说明理由，留痕）",
            description = "The objector's contact in clear, for a stated reason (audited)")
    public ResponseEntity<Map<String, Object>> contact(@PathVariable("id") long id, @RequestBody ContactRequest req) {
        String c = service.contact(id, req == null ? null : req.reason());
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("id", id);
        body.put("contact", c);
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
    }

    static ResponseEntity<byte[]> attachment(byte[] bytes, String filename) {
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(filename, StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .contentType(XLSX)
                .body(bytes);
    }
}
