package org.ipaward.server.user;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.ipaward.server.error.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** What every user does for themselves: register (applicants) and change their own password. */
@RestController
@RequestMapping("/api")
@Tag(name = "账户 Account")
public class AccountController {
    public record ChangePasswordRequest(String old, @JsonProperty("new") String newPassword) {}

    public record RegisterRequest(String username, String password, @JsonProperty("display_name") String displayName) {}

    private final UserService service;

    public AccountController(UserService service) {
        this.service = service;
    }

    @PostMapping("/me/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "修改自己的密码（需当前密码；其他会话和令牌随之失效）",
            description = "Change your own password given the current one; your other sessions and tokens end")
    public void changePassword(@RequestBody ChangePasswordRequest req) {
        if (req.old() == null || req.old().isEmpty()) {
            throw ApiException.invalid("old", null, "password.old_required", "请填写当前密码", "give the current password");
        }
        service.changeOwnPassword(req.old(), req.newPassword());
    }

    @PostMapping("/public/register")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "申报人注册（注册后登录，再创建申报主体）",
            description = "Register as an applicant; then sign in and create your subject")
    public UserView register(@RequestBody RegisterRequest req) {
        return service.register(req.username(), req.displayName(), req.password());
    }
}
