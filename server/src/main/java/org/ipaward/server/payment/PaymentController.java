package org.ipaward.server.payment;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.ipaward.server.export.Attachment;
import org.ipaward.server.publicity.PublicityController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
@Tag(name = "拨付 Payments")
public class PaymentController {
    public record PaidRequest(String bankReference) {}

    public record FailedRequest(String reason) {}

    private final PaymentService service;

    public PaymentController(PaymentService service) {
        this.service = service;
    }

    @PostMapping("/rounds/{id}/payment-batches")
    @PreAuthorize("hasRole('FINANCE')")
    @Operation(summary = "生成拨付清单：本批次公示期满的全部申报", description = "Make the payment list of a round")
    public ResponseEntity<PaymentService.Batch> create(@PathVariable long id) {
        return ResponseEntity.status(HttpStatus.CREATED).body(service.create(id));
    }

    @GetMapping("/payment-batches")
    @PreAuthorize("hasAnyRole('FINANCE','APPROVER','AUDITOR','SYSTEM_ADMIN')")
    @Operation(summary = "拨付清单列表", description = "Payment lists")
    public List<PaymentService.Batch> batches(@RequestParam(name = "round_id", required = false) Long roundId) {
        return service.batches(roundId);
    }

    @GetMapping("/payment-batches/{id}")
    @PreAuthorize("hasAnyRole('FINANCE','APPROVER','AUDITOR','SYSTEM_ADMIN')")
    @Operation(summary = "拨付清单详情", description = "One payment list")
    public PaymentService.Batch batch(@PathVariable long id) {
        return service.batch(id);
    }

    @GetMapping("/payment-batches/{id}.xlsx")
    @PreAuthorize("hasAnyRole('FINANCE','APPROVER','AUDITOR')")
    @Operation(summary = "导出拨付清单 XLSX（银行账号脱敏）", description = "The payment list as XLSX")
    public ResponseEntity<byte[]> xlsx(@PathVariable long id) {
        PaymentService.Sheet sheet = service.xlsx(id);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, Attachment.header(sheet.filename(), sheet.asciiFilename()))
                .contentType(PublicityController.XLSX)
                .body(sheet.bytes());
    }

    @PostMapping("/payments/{id}/paid")
    @PreAuthorize("hasRole('FINANCE')")
    @Operation(summary = "确认已拨付", description = "Confirm a payment made")
    public PaymentService.Payment paid(@PathVariable long id, @RequestBody(required = false) PaidRequest req) {
        return service.paid(id, req == null ? null : req.bankReference());
    }

    @PostMapping("/payments/{id}/failed")
    @PreAuthorize("hasRole('FINANCE')")
    @Operation(summary = "登记拨付失败（须填原因）", description = "Record a failed payment")
    public PaymentService.Payment failed(@PathVariable long id, @RequestBody FailedRequest req) {
        return service.failed(id, req.reason());
    }

    @PostMapping("/payments/{id}/reissue")
    @PreAuthorize("hasRole('FINANCE')")
    @Operation(summary = "重新拨付失败的款项", description = "Reissue a failed payment")
    public PaymentService.Payment reissue(@PathVariable long id) {
        return service.reissue(id);
    }
}
