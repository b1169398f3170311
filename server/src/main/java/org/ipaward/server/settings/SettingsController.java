package org.ipaward.server.settings;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

@RestController
@RequestMapping("/api/settings")
@Tag(name = "系统设置 Settings")
public class SettingsController {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneId.of("Asia/Shanghai"));

    /** A setting as shown to administrators. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SettingView(
            String key,
            int value,
            int defaultValue,
            boolean isDefault,
            String label,
            String labelEn,
            String unit,
            int min,
            int max,
            boolean editable,
            String updatedBy,
            String updatedAt) {
        static SettingView of(Settings.Value v) {
            Settings.Definition d = v.definition();
            return new SettingView(
                    d.key(),
                    v.value(),
                    d.defaultValue(),
                    v.isDefault(),
                    d.labelZh(),
                    d.labelEn(),
                    d.unit(),
                    d.min(),
                    d.max(),
                    d.editable(),
                    v.updatedBy(),
                    v.updatedAt() == null ? null : TIME.format(v.updatedAt()));
        }
    }

    /** The new value: a whole number, as a JSON number or a string. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SettingRequest(@Schema(type = "integer", example = "5") Object value) {}

    private final Settings settings;

    public SettingsController(Settings settings) {
        this.settings = settings;
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('SYSTEM_ADMIN', 'POLICY_ADMIN')")
    @Operation(summary = "系统设置一览（含默认值与取值范围）", description = "All settings with defaults and allowed ranges")
    public List<SettingView> all() {
        return settings.all().stream().map(SettingView::of).toList();
    }

    @PutMapping("/{key}")
    @PreAuthorize("hasRole('SYSTEM_ADMIN')")
    @Operation(summary = "修改一项设置", description = "Change one setting; audited as setting.update")
    public SettingView set(@PathVariable("key") String key, @RequestBody SettingRequest body) {
        return SettingView.of(settings.set(key, body.value()));
    }
}
