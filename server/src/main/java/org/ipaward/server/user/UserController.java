package org.ipaward.server.user;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.ipaward.server.web.PageResult;
import org.ipaward.server.web.Paging;
import org.springframework.http.HttpStatus;
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

/** User administration, for system administrators only. There is no delete: users are disabled. */
@RestController
@RequestMapping("/api/users")
@Tag(name = "用户管理 Users")
@PreAuthorize("hasRole('SYSTEM_ADMIN')")
public class UserController {
    public record CreateUserRequest(
            String username,
            @JsonProperty("display_name") String displayName,
            List<String> roles,
            @JsonProperty("subject_id") Long subjectId,
            String password) {}

    public record UpdateUserRequest(
            @JsonProperty("display_name") String displayName, List<String> roles, Boolean enabled) {}

    public record ResetPasswordRequest(String password) {}

    public record ResetPasswordResponse(
            @JsonProperty("user_id") long userId,
            boolean generated,
            @JsonProperty("temporary_password") String temporaryPassword) {}

    private final UserService service;

    public UserController(UserService service) {
        this.service = service;
    }

    @GetMapping
    @Operation(
            summary = "用户列表（可按关键字、角色、锁定、启用筛选）",
            description = "List users; q searches username and display name; role, locked and enabled filter")
    public PageResult<UserView> list(
            @RequestParam(name = "q", required = false) String q,
            @RequestParam(name = "role", required = false) String role,
            @RequestParam(name = "locked", required = false) Boolean locked,
            @RequestParam(name = "enabled", required = false) Boolean enabled,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "size", required = false) Integer size) {
        return service.list(q, role, locked, enabled, Paging.of(page, size));
    }

    @GetMapping("/{id}")
    @Operation(summary = "查看用户", description = "One user")
    public UserView get(@PathVariable("id") long id) {
        return service.get(id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "新建用户（初始密码须符合密码强度要求）",
            description = "Create a user; the initial password must meet the password policy")
    public UserView create(@RequestBody CreateUserRequest req) {
        return service.create(req.username(), req.displayName(), req.roles(), req.subjectId(), req.password());
    }

    @PutMapping("/{id}")
    @Operation(
            summary = "修改用户的显示名称、角色或启用状态（未给出的字段不变；用户不能删除，只能停用）",
            description = "Change display name, roles or enabled (omitted fields unchanged); users are disabled,"
                    + " never deleted")
    public UserView update(@PathVariable("id") long id, @RequestBody UpdateUserRequest req) {
        return service.update(id, req.displayName(), req.roles(), req.enabled());
    }

    @PostMapping("/{id}/reset-password")
    @Operation(
            summary = "重置密码（给出新密码，或由系统生成临时密码并仅返回这一次）",
            description = "Reset the password to the one given, or to a generated temporary one returned only"
                    + " in this answer; unlocks the account and ends its sessions and tokens")
    public ResetPasswordResponse resetPassword(
            @PathVariable("id") long id, @RequestBody(required = false) ResetPasswordRequest req) {
        UserService.ResetResult r = service.resetPassword(id, req == null ? null : req.password());
        return new ResetPasswordResponse(r.userId(), r.generated(), r.temporaryPassword());
    }

    @PostMapping("/{id}/unlock")
    @Operation(summary = "解除登录锁定", description = "Lift a sign-in lockout and clear the failure count")
    public UserView unlock(@PathVariable("id") long id) {
        return service.unlock(id);
    }
}
