package org.ipaward.server.application;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.ipaward.server.application.ApplicationDtos.ActionInput;
import org.ipaward.server.application.ApplicationDtos.ApplicationInput;
import org.ipaward.server.application.ApplicationDtos.ApplicationSummary;
import org.ipaward.server.application.ApplicationDtos.ApplicationView;
import org.ipaward.server.file.FileStore;
import org.ipaward.server.ledger.LedgerService;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api")
@Tag(name = "申报 Applications", description = "Applications, claims, materials and the review workflow")
public class ApplicationController {
    private final ApplicationService service;
    private final WorkflowService workflowService;
    private final Workflow workflow;
    private final FileStore files;
    private final LedgerService ledger;

    public ApplicationController(
            ApplicationService service,
            WorkflowService workflowService,
            Workflow workflow,
            FileStore files,
            LedgerService ledger) {
        this.service = service;
        this.workflowService = workflowService;
        this.workflow = workflow;
        this.files = files;
        this.ledger = ledger;
    }

    @PostMapping("/applications")
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(
            summary = "创建申报草稿（带 Idempotency-Key 时重复提交不会重复创建）",
            description =
                    "Create a draft; with an Idempotency-Key header a repeated request returns the same application")
    public ResponseEntity<ApplicationView> create(
            @Valid @RequestBody ApplicationInput in,
            @Parameter(description = "幂等键 / idempotency key") @RequestHeader(name = "Idempotency-Key", required = false)
                    String key) {
        ApplicationService.Created c = service.create(in, key);
        return ResponseEntity.status(c.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(c.view());
    }

    @GetMapping("/applications")
    @Operation(summary = "申报列表（申报人只看到本主体的申报）", description = "List applications the user may see")
    public PageResult<ApplicationSummary> list(
            @RequestParam(name = "round_id", required = false) Long roundId,
            @RequestParam(name = "state", required = false) @Parameter(description = "状态，可用逗号分隔多个 / state(s)")
                    String state,
            @RequestParam(name = "subject_id", required = false) Long subjectId,
            @RequestParam(name = "q", required = false) @Parameter(description = "按编号、主体名称或信用代码搜索") String q,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "size", required = false) Integer size) {
        return service.list(roundId, state, subjectId, q, Paging.of(page, size));
    }

    @GetMapping("/applications/{id}")
    @Operation(summary = "申报详情：事项、计算过程、材料、办理记录、可执行操作", description = "One application in full")
    public ApplicationView get(@PathVariable long id) {
        return service.view(id);
    }

    @PutMapping("/applications/{id}")
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "修改草稿或退回补正的申报事项", description = "Edit the claims of a draft or returned application")
    public ApplicationView update(@PathVariable long id, @Valid @RequestBody ApplicationInput in) {
        return service.update(id, in);
    }

    @GetMapping("/applications/{id}/estimate")
    @Operation(summary = "按当前事实和台账重新测算（不保存）", description = "The engine's estimate now, not saved")
    public List<Map<String, Object>> estimate(@PathVariable long id) {
        return service.estimate(id);
    }

    @PostMapping("/applications/{id}/actions/{action}")
    @Operation(
            summary =
                    "办理：submit、resubmit、withdraw、accept、return、not_accept、review_approve、review_reject、approve、send_back、reject、publicise、confirm、objection_amend、objection_reject、list_payment、mark_paid、mark_failed、reissue",
            description = "Take a workflow action; see GET /api/workflow for roles and rules")
    public ApplicationView act(
            @PathVariable long id, @PathVariable String action, @Valid @RequestBody(required = false) ActionInput in) {
        return workflowService.act(id, action, in);
    }

    @PostMapping(path = "/applications/{id}/materials", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "上传申报材料", description = "Attach a material (multipart: file, kind, claim_seq)")
    public ApplicationView attach(
            @PathVariable long id,
            @RequestParam("file") MultipartFile file,
            @RequestParam("kind") String kind,
            @RequestParam(name = "claim_seq", required = false) Integer claimSeq) {
        return service.attach(id, kind, claimSeq, file);
    }

    @DeleteMapping("/applications/{id}/materials/{materialId}")
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "删除申报材料（草稿或退回补正时）", description = "Remove a material")
    public ApplicationView detach(@PathVariable long id, @PathVariable long materialId) {
        return service.detach(id, materialId);
    }

    @GetMapping("/applications/{id}/materials/{materialId}/file")
    @Operation(summary = "下载申报材料", description = "Download a material")
    public ResponseEntity<InputStreamResource> download(@PathVariable long id, @PathVariable long materialId) {
        Applications.Material m = service.material(id, materialId);
        InputStream in = files.open(m.fileId());
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(m.filename(), StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .contentType(MediaType.parseMediaType(m.contentType()))
                .contentLength(m.size())
                .body(new InputStreamResource(in));
    }

    @GetMapping("/applications/{id}/rederive")
    @PreAuthorize("hasAnyRole('ACCEPTOR','REVIEWER','APPROVER','FINANCE','AUDITOR','SYSTEM_ADMIN')")
    @Operation(
            summary = "按存档的政策文本、事实和台账快照重新推算，核对金额一致",
            description = "Re-derive each decided amount from the stored policy text, facts and ledger snapshot")
    public Map<String, Object> rederive(@PathVariable long id) {
        return service.rederive(id);
    }

    @GetMapping("/applications/{id}/ledger")
    @PreAuthorize("hasAnyRole('ACCEPTOR','REVIEWER','APPROVER','FINANCE','AUDITOR','SYSTEM_ADMIN')")
    @Operation(summary = "该申报在奖补台账中的记录", description = "The application's ledger entries")
    public List<Map<String, Object>> ledger(@PathVariable long id) {
        service.readable(id);
        return ledger.ofApplication(id);
    }

    @GetMapping("/workflow")
    @Operation(summary = "办理流程：状态、操作、角色、是否须填理由", description = "The workflow as data")
    public Map<String, Object> workflow() {
        return Map.of("states", workflow.states(), "transitions", workflow.transitions());
    }
}
