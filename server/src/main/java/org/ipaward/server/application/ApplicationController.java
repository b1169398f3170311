package org.ipaward.server.application;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.ipaward.server.application.ApplicationDtos.ActionInput;
import org.ipaward.server.application.ApplicationDtos.ApplicationBrief;
import org.ipaward.server.application.ApplicationDtos.ApplicationInput;
import org.ipaward.server.application.ApplicationDtos.ApplicationSummary;
import org.ipaward.server.application.ApplicationDtos.ApplicationView;
import org.ipaward.server.application.ApplicationDtos.SubmissionInput;
import org.ipaward.server.error.ApiException;
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
import org.springframework.web.multipart.MultipartHttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api")
@Tag(name = "申报 Applications", description = "Applications, claims, materials and the review workflow")
public class ApplicationController {
    private final ApplicationService service;
    private final WorkflowService workflowService;
    private final Workflow workflow;
    private final FileStore files;
    private final LedgerService ledger;
    private final DirectSubmissionService direct;
    private final Intake intake;
    private final JsonMapper mapper;
    private final Validator validator;

    public ApplicationController(
            ApplicationService service,
            WorkflowService workflowService,
            Workflow workflow,
            FileStore files,
            LedgerService ledger,
            DirectSubmissionService direct,
            Intake intake,
            JsonMapper mapper,
            Validator validator) {
        this.service = service;
        this.workflowService = workflowService;
        this.workflow = workflow;
        this.files = files;
        this.ledger = ledger;
        this.direct = direct;
        this.intake = intake;
        this.mapper = mapper;
        this.validator = validator;
    }

    @PostMapping("/applications")
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(
            summary = "创建申报草稿（带 Idempotency-Key 时重复提交不会重复创建；Prefer: return=minimal 时只答简要信息）",
            description =
                    "Create a draft; with an Idempotency-Key header a repeated request returns the same application. "
                            + "201 with Location; the whole application, or with `Prefer: return=minimal` (RFC 7240) "
                            + "its brief (id, no, state, version, estimate_total, missing_materials)")
    public ResponseEntity<Object> create(
            @Valid @RequestBody ApplicationInput in,
            @Parameter(description = "幂等键 / idempotency key") @RequestHeader(name = "Idempotency-Key", required = false)
                    String key,
            @RequestHeader HttpHeaders headers) {
        if (returnMinimal(headers)) {
            ApplicationService.Created<ApplicationBrief> c = service.create(in, key, ApplicationService.BRIEF);
            return created(c.created(), c.answer().id(), true).body(c.answer());
        }
        ApplicationService.Created<ApplicationView> c = service.create(in, key, ApplicationService.VIEW);
        return created(c.created(), c.answer().id(), false).body(c.answer());
    }

    @PostMapping(path = "/applications", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(
            summary = "一次提交完整申报：事项、材料与提交在同一请求、同一事务中（系统对接、服务机构代理申报）",
            description = "Create, complete and submit an application in one request (multipart/form-data): the part "
                    + "`application` holds JSON {round_id, subject_id, claims, materials: [{kind, file, "
                    + "claim_seq}]}, and each material's `file` names a file part of the request. The same "
                    + "checks, events and audit records as filing step by step; anything refused changes "
                    + "nothing. 201 with Location; with an Idempotency-Key a repeat answers 200 with the "
                    + "first application. `Prefer: return=minimal` answers the brief. `Prefer: respond-async` (the "
                    + "deadline-day intake): the checks that need no writing are made, the application is received "
                    + "durably and answered 202 with a receipt (Location /api/intake/{id}); it is then filed in the "
                    + "order received, as of its receipt time, and the receipt shows the application or the problem.")
    public ResponseEntity<Object> submitComplete(
            MultipartHttpServletRequest request,
            @Parameter(description = "幂等键 / idempotency key") @RequestHeader(name = "Idempotency-Key", required = false)
                    String key,
            @RequestHeader HttpHeaders headers) {
        Map<String, MultipartFile> parts = new LinkedHashMap<>(request.getFileMap());
        String json = request.getParameter("application");
        MultipartFile asFile = parts.remove("application");
        if (json == null && asFile != null) {
            try {
                json = new String(asFile.getBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        SubmissionInput in = submissionInput(json);
        if (prefers(headers, "respond-async", null)) {
            Intake.Received r = intake.receive(in, json, parts, key);
            return ResponseEntity.status(r.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                    .location(URI.create("/api/intake/" + r.receipt().id()))
                    .header("Preference-Applied", "respond-async")
                    .varyBy("Prefer")
                    .body(receipt(r.receipt()));
        }
        boolean minimal = returnMinimal(headers);
        DirectSubmissionService.Submitted s = direct.submit(in, parts, key, minimal);
        return created(s.created(), s.id(), minimal).body(s.answer());
    }

    /** The {@code application} part, read as the API reads JSON bodies and checked as {@code @Valid} checks them. */
    private SubmissionInput submissionInput(String json) {
        if (json == null || json.isBlank()) {
            throw ApiException.invalid(
                    "application",
                    null,
                    "input.required",
                    "缺少 application 部分（申报内容 JSON：round_id、claims、materials）",
                    "the application part is missing (JSON: round_id, claims, materials)");
        }
        SubmissionInput in;
        try {
            in = mapper.readValue(json, SubmissionInput.class);
        } catch (tools.jackson.databind.exc.MismatchedInputException e) {
            // a value of the wrong type or an unknown field: named by its path, as in a JSON body
            throw org.ipaward.server.error.JsonProblems.of(e);
        } catch (JacksonException e) {
            throw ApiException.invalid(
                    "application",
                    null,
                    "request.unreadable",
                    "application 部分不是有效的申报 JSON（请检查 JSON 格式、字段名和取值类型）：" + e.getOriginalMessage(),
                    "the application part is not a valid submission (check the JSON, field names and value types): "
                            + e.getOriginalMessage());
        }
        if (in == null) {
            throw ApiException.invalid(
                    "application", null, "input.required", "缺少申报内容", "the application part is empty");
        }
        Set<ConstraintViolation<SubmissionInput>> violations = validator.validate(in);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return in;
    }

    /**
     * Whether the client prefers a minimal answer: {@code Prefer: return=minimal} (RFC 7240; preferences are
     * comma-separated, names case-insensitive, the value may be quoted, parameters after {@code ;} ignored).
     */
    static boolean returnMinimal(HttpHeaders headers) {
        return prefers(headers, "return", "minimal");
    }

    /**
     * Whether the client states a preference (RFC 7240): {@code name=value}, or {@code name} alone when
     * {@code value} is null. Preferences are comma-separated, names case-insensitive, the value may be quoted,
     * parameters after {@code ;} ignored.
     */
    static boolean prefers(HttpHeaders headers, String name, String value) {
        List<String> values = headers.get("Prefer");
        if (values == null) {
            return false;
        }
        for (String v : values) {
            for (String pref : v.split(",")) {
                String p = pref.split(";", 2)[0].strip();
                int eq = p.indexOf('=');
                String n = eq < 0 ? p : p.substring(0, eq).strip();
                String given = eq < 0 ? null : p.substring(eq + 1).strip().replace("\"", "");
                if (n.equalsIgnoreCase(name)
                        && (value == null ? given == null : given != null && given.equalsIgnoreCase(value))) {
                    return true;
                }
            }
        }
        return false;
    }

    @GetMapping("/intake/{id}")
    @Operation(
            summary = "申报受理回执：排队、已提交（附申报）、未通过检查（附原因）或处理失败",
            description = "A receipt of the deadline-day intake (`Prefer: respond-async`): its status — queued, done "
                    + "(with the application, Location of which is given), refused (with the problem the "
                    + "synchronous request would have answered) or failed (send it again) — for its sender or staff")
    public ResponseEntity<Object> intakeReceipt(@PathVariable long id) {
        Intake.Receipt r = intake.get(id);
        ResponseEntity.BodyBuilder b = ResponseEntity.ok();
        if (r.applicationId() != null) {
            b.location(URI.create("/api/applications/" + r.applicationId()));
        }
        return b.body(receipt(r));
    }

    private Map<String, Object> receipt(Intake.Receipt r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        Map<String, String> status = new LinkedHashMap<>();
        status.put("id", r.status());
        status.put(
                "zh",
                switch (r.status()) {
                    case "queued" -> "已接收，等待提交";
                    case "done" -> "已提交";
                    case "refused" -> "未通过检查，未提交";
                    default -> "处理失败，请重新提交";
                });
        status.put(
                "en",
                switch (r.status()) {
                    case "queued" -> "received, waiting to be filed";
                    case "done" -> "submitted";
                    case "refused" -> "refused by the checks, not submitted";
                    default -> "could not be filed; send it again";
                });
        m.put("status", status);
        m.put("idempotency_key", r.idempotencyKey());
        m.put("received_at", r.receivedAt());
        m.put("processed_at", r.processedAt());
        m.put("application_id", r.applicationId());
        m.put("problem", r.problem() == null ? null : mapper.readTree(r.problem()));
        return m;
    }

    private static ResponseEntity.BodyBuilder created(boolean created, long id, boolean minimal) {
        ResponseEntity.BodyBuilder b = ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/applications/" + id));
        return minimal ? applied(b) : b.varyBy("Prefer");
    }

    private static ResponseEntity.BodyBuilder applied(ResponseEntity.BodyBuilder b) {
        return b.header("Preference-Applied", "return=minimal").varyBy("Prefer");
    }

    /** The whole application, or its brief when the client asked for a minimal answer. */
    private static ResponseEntity<Object> answer(
            HttpHeaders headers, Function<ApplicationService.Answer<?>, Object> change) {
        if (returnMinimal(headers)) {
            return applied(ResponseEntity.ok()).body(change.apply(ApplicationService.BRIEF));
        }
        return ResponseEntity.ok().varyBy("Prefer").body(change.apply(ApplicationService.VIEW));
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
    @Operation(
            summary =
                    "申报详情：事项、计算过程、材料、办理记录、可执行操作（工作人员另见各事项的疑似重复申报 duplicates）；带 Prefer: return=minimal 时只返回简要状态（编号、状态、版本、测算金额、缺少的材料），供轮询进度的接口客户端使用",
            description = "One application in full; for staff, each claim's possible duplicates (claims[].duplicates:"
                    + " other claims of the same policy and measure keyed alike by a one-off cap — never shown to"
                    + " applicants); with Prefer: return=minimal its brief (number, state, version,"
                    + " estimate, materials still missing), for API clients that poll its progress")
    public ResponseEntity<Object> get(@PathVariable long id, @RequestHeader HttpHeaders headers) {
        if (returnMinimal(headers)) {
            return applied(ResponseEntity.ok()).body(service.brief(id));
        }
        return ResponseEntity.ok().varyBy("Prefer").body(service.view(id));
    }

    @PutMapping("/applications/{id}")
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "修改草稿或退回补正的申报事项", description = "Edit the claims of a draft or returned application")
    public ResponseEntity<Object> update(
            @PathVariable long id, @Valid @RequestBody ApplicationInput in, @RequestHeader HttpHeaders headers) {
        return answer(headers, a -> service.update(id, in, a));
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
    public ResponseEntity<Object> act(
            @PathVariable long id,
            @PathVariable String action,
            @Valid @RequestBody(required = false) ActionInput in,
            @RequestHeader HttpHeaders headers) {
        return answer(headers, a -> workflowService.act(id, action, in, a));
    }

    @PostMapping(path = "/applications/{id}/materials", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "上传申报材料", description = "Attach a material (multipart: file, kind, claim_seq)")
    public ResponseEntity<Object> attach(
            @PathVariable long id,
            @RequestParam("file") MultipartFile file,
            @RequestParam("kind") String kind,
            @RequestParam(name = "claim_seq", required = false) Integer claimSeq,
            @RequestHeader HttpHeaders headers) {
        return answer(headers, a -> service.attach(id, kind, claimSeq, file, a));
    }

    @DeleteMapping("/applications/{id}/materials/{materialId}")
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "删除申报材料（草稿或退回补正时）", description = "Remove a material")
    public ResponseEntity<Object> detach(
            @PathVariable long id, @PathVariable long materialId, @RequestHeader HttpHeaders headers) {
        return answer(headers, a -> service.detach(id, materialId, a));
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
