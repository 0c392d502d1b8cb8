package dev.dlirun.application.planted;

import dev.dlirun.adapters.rest.generated.model.ErrorResponse;

/** A planted violation: a generated DTO outside its adapter. Test fixture only. */
public class ServiceUsingGeneratedCode {
    public Object body() {
        return new ErrorResponse();
    }
}
