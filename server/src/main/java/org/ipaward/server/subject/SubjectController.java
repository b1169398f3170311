package org.ipaward.server.subject;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.ipaward.server.security.Actor;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/subjects")
@Tag(name = "申报主体 Subjects")
public class SubjectController {
    /** Which field to show in plain text, and why. */
    public record UnmaskRequest(String field, String reason) {}

    public record UnmaskResponse(@JsonProperty("subject_id") long subjectId, String field, String value) {}

    public record ReasonRequest(String reason) {}

    private static final String STAFF =
            "hasAnyRole('ACCEPTOR', 'REVIEWER', 'APPROVER', 'FINANCE', 'SYSTEM_ADMIN', 'AUDITOR')";

    private final SubjectService subjects;

    public SubjectController(SubjectService subjects) {
        this.subjects = subjects;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('ACCEPTOR', 'SYSTEM_ADMIN', 'APPLICANT')")
    @Operation(
            summary = "登记申报主体（企业、事业单位、其他组织、自然人、知识产权服务机构）",
            description = "Create a subject. Organisations need a name and a USCC (GB 32100; a failed check character"
                    + " is accepted with warning uscc.check_failed for staff to confirm), persons a name and a"
                    + " resident ID number (GB 11643, strict). Acceptors and system administrators create any"
                    + " subject; an applicant without one creates their own and is linked to it."
                    + " Duplicate USCC or ID number: 409 subject.duplicate.")
    public SubjectView create(@RequestBody SubjectRequest req) {
        return subjects.create(req, Actor.require());
    }

    @GetMapping
    @PreAuthorize(STAFF)
    @Operation(
            summary = "申报主体列表（工作人员）",
            description = "Subjects for staff, newest first: q (name or USCC contains, or an exact ID number), kind,"
                    + " region (registered or household), page, size. Sensitive fields masked.")
    public PageResult<SubjectView> list(
            @RequestParam(value = "q", required = false) String q,
            @RequestParam(value = "kind", required = false) String kind,
            @RequestParam(value = "region", required = false) String region,
            @RequestParam(value = "page", required = false) Integer page,
            @RequestParam(value = "size", required = false) Integer size) {
        return subjects.search(q, kind, region, Paging.of(page, size), Actor.require());
    }

    @GetMapping("/mine")
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "我的申报主体", description = "The signed-in applicant's own subject (404 subject.none if none)")
    public SubjectView mine() {
        return subjects.mine(Actor.require());
    }

    @GetMapping("/{id}")
    @PreAuthorize("isAuthenticated()")
    @Operation(
            summary = "申报主体详情（脱敏）",
            description = "A subject, masked: staff, its own applicant, or a service agency with a client link")
    public SubjectView get(@PathVariable("id") long id) {
        return subjects.get(id, Actor.require());
    }

    @PutMapping("/{id}")
    @PreAuthorize("hasAnyRole('ACCEPTOR', 'SYSTEM_ADMIN', 'APPLICANT')")
    @Operation(
            summary = "修改申报主体",
            description = "Update a subject (its applicant, acceptor, system administrator). Send the version last"
                    + " read (409 concurrent.modification if stale); omitted fields keep their values, an empty"
                    + " string clears an optional one. Only staff may correct the USCC or the ID number.")
    public SubjectView update(@PathVariable("id") long id, @RequestBody SubjectRequest req) {
        return subjects.update(id, req, Actor.require());
    }

    @PostMapping("/{id}/unmask")
    @PreAuthorize("isAuthenticated()")
    @Operation(
            summary = "查看敏感字段明文（须有权限并填写理由，留痕审计）",
            description = "The plain text of id_number (acceptor, reviewer, approver), phone (… and finance) or"
                    + " bank_account (approver, finance), with a reason of at least 4 characters; audited as"
                    + " subject.unmask with field and reason.")
    public ResponseEntity<UnmaskResponse> unmask(@PathVariable("id") long id, @RequestBody UnmaskRequest req) {
        String value = subjects.unmask(id, req.field(), req.reason(), Actor.require());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new UnmaskResponse(id, req.field(), value));
    }

    @PostMapping("/{id}/confirm-uscc")
    @PreAuthorize("hasAnyRole('ACCEPTOR', 'SYSTEM_ADMIN')")
    @Operation(
            summary = "确认校验位不符的统一社会信用代码（早期试点代码）",
            description = "Confirm a USCC whose check character failed, with a reason; audited as subject.confirm_uscc")
    public SubjectView confirmUscc(@PathVariable("id") long id, @RequestBody ReasonRequest req) {
        return subjects.confirmUscc(id, req.reason(), Actor.require());
    }

    @PostMapping("/{agencyId}/clients")
    @PreAuthorize("hasAnyRole('APPLICANT', 'ACCEPTOR')")
    @Operation(
            summary = "服务机构添加被代理主体（须附授权委托书）",
            description = "Link a client to a service agency with a stored power of attorney (poa_file_id from"
                    + " POST /api/files) and an optional end date: the agency's own applicant or an acceptor.")
    public ClientView addClient(@PathVariable("agencyId") long agencyId, @RequestBody ClientRequest req) {
        return subjects.addClient(agencyId, req, Actor.require());
    }

    @GetMapping("/{agencyId}/clients")
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "服务机构的被代理主体", description = "A service agency's clients (its applicant, staff)")
    public PageResult<ClientView> clients(
            @PathVariable("agencyId") long agencyId,
            @RequestParam(value = "page", required = false) Integer page,
            @RequestParam(value = "size", required = false) Integer size) {
        return subjects.clients(agencyId, Paging.of(page, size), Actor.require());
    }
}
