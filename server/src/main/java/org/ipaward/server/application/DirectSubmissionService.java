package org.ipaward.server.application;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipaward.engine.model.Policy;
import org.ipaward.server.application.ApplicationDtos.ApplicationInput;
import org.ipaward.server.application.ApplicationDtos.MaterialPart;
import org.ipaward.server.application.ApplicationDtos.SubmissionInput;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.round.Round;
import org.ipaward.server.round.RoundService;
import org.ipaward.server.security.Actor;
import org.ipaward.server.security.Role;
import org.ipaward.server.security.UserAccount;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.multipart.MultipartFile;

/**
 * A complete application in one request, for API clients and service agencies filing for their clients: the
 * draft with its claims, every material, and the submission, in one transaction. It takes the same steps as
 * the applicant who files step by step — {@link ApplicationService#createDraft}, {@link
 * ApplicationService#attachFiles} for the materials, {@link WorkflowService#perform} {@code submit} — so the
 * checks, events and audit records are the same ({@code application.create}, {@code file.upload} and {@code
 * application.material_attach} per material, {@code application.submit}); anything refused rolls all of it
 * back, stored files included. The engine runs once, at submit (which checks facts and materials and stores
 * the estimate), instead of once per step; and the audit chain is appended to once, at commit.
 */
@Service
public class DirectSubmissionService {
    private final ApplicationService service;
    private final WorkflowService workflow;
    private final RoundService rounds;
    private final Computation computation;
    private final Applications apps;

    public DirectSubmissionService(
            ApplicationService service,
            WorkflowService workflow,
            RoundService rounds,
            Computation computation,
            Applications apps) {
        this.service = service;
        this.workflow = workflow;
        this.rounds = rounds;
        this.computation = computation;
        this.apps = apps;
    }

    /** As {@link #submit(SubmissionInput, Map, String)}, with the answer: the brief or the whole view. */
    @Transactional
    public Submitted submit(
            SubmissionInput in, Map<String, MultipartFile> files, String idempotencyKey, boolean minimal) {
        Filed f = file(in, files, idempotencyKey);
        ApplicationService.Draft d = f.draft();
        if (minimal && f.submitted() != null) {
            return new Submitted(d.id(), d.created(), service.briefOf(f.submitted()));
        }
        ApplicationService.Answer<?> answer = minimal ? ApplicationService.BRIEF : ApplicationService.VIEW;
        return new Submitted(d.id(), d.created(), answer.of(service, d.id()));
    }

    /** The draft, and the application as its submission left it (null for a repeat, which changed nothing). */
    private record Filed(ApplicationService.Draft draft, Applications.App submitted) {}

    /** A direct submission's application, whether this request made it, and the answer (brief or view). */
    public record Submitted(long id, boolean created, Object answer) {}

    /**
     * Creates, completes and submits an application. {@code files} are the request's file parts by name; each
     * must be named by one of the input's materials, and each material must name one. With an idempotency key
     * a repeat of the request answers the application the first made (its {@code created} is false) and
     * changes nothing.
     */
    @Transactional
    public ApplicationService.Draft submit(
            SubmissionInput in, Map<String, MultipartFile> files, String idempotencyKey) {
        return file(in, files, idempotencyKey).draft();
    }

    /**
     * What can be checked before writing anything: an applicant, a round, each material's kind and claim
     * number, each file part named by one material and each material naming one. Returns the applicant. The
     * intake ({@link Intake}) runs these checks when it receives an application, so a request refused by them
     * is refused at once rather than queued.
     */
    UserAccount precheck(SubmissionInput in, Map<String, MultipartFile> files) {
        UserAccount user = Actor.require();
        if (!user.has(Role.APPLICANT)) {
            throw ApiException.forbidden(
                    "application.applicants_only", "只有申报人可以创建申报", "only applicants create applications");
        }
        if (in.roundId() == null) {
            throw ApiException.invalid("round_id", null, "input.required", "请选择申报批次", "round_id is required");
        }
        List<MaterialPart> materials = in.materials() == null ? List.of() : in.materials();
        Round round = rounds.get(in.roundId());
        Policy policy = computation.policy(round);
        int claims = in.claims() == null ? 0 : in.claims().size();
        Set<String> named = new HashSet<>();
        for (int i = 0; i < materials.size(); i++) {
            MaterialPart m = materials.get(i);
            String at = "materials[" + (i + 1) + "]";
            ApplicationService.requireMaterialKind(policy, at + ".kind", m.kind());
            if (m.claimSeq() != null && (m.claimSeq() < 1 || m.claimSeq() > claims)) {
                throw ApiException.invalid(
                        at + ".claim_seq",
                        m.claimSeq(),
                        "claim.not_found",
                        "该申报没有这一项（事项按 claims 中的顺序从 1 编号）",
                        "no such claim in this application (claims are numbered from 1 in the order given)");
            }
            if (!files.containsKey(m.file())) {
                throw ApiException.invalid(
                        at + ".file",
                        m.file(),
                        "material.part_missing",
                        "请求中没有名为“" + m.file() + "”的文件部分",
                        "the request has no file part named " + m.file());
            }
            named.add(m.file());
        }
        for (Map.Entry<String, MultipartFile> f : files.entrySet()) {
            if (!named.contains(f.getKey())) {
                throw ApiException.invalid(
                        f.getKey(),
                        f.getValue().getOriginalFilename(),
                        "material.part_unlisted",
                        "文件部分“" + f.getKey() + "”未在 materials 中列明材料类型",
                        "the file part " + f.getKey() + " is not listed in materials (with its kind)");
            }
        }
        return user;
    }

    private Filed file(SubmissionInput in, Map<String, MultipartFile> files, String idempotencyKey) {
        UserAccount user = precheck(in, files);
        List<MaterialPart> materials = in.materials() == null ? List.of() : in.materials();
        ApplicationService.Draft d = service.createDraft(
                new ApplicationInput(in.roundId(), in.subjectId(), in.claims(), null), idempotencyKey, false);
        if (!d.created()) {
            return new Filed(d, null);
        }
        List<ApplicationService.Upload> uploads = new ArrayList<>(materials.size());
        for (MaterialPart m : materials) {
            Long claimId = m.claimSeq() == null
                    ? null
                    : apps.claimId(d.id(), m.claimSeq()).orElseThrow();
            uploads.add(new ApplicationService.Upload(claimId, m.kind(), files.get(m.file())));
        }
        service.attachFiles(d.id(), uploads, user);
        return new Filed(d, workflow.perform(d.id(), "submit", null));
    }
}
