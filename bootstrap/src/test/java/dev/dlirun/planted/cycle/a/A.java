package dev.dlirun.planted.cycle.a;

import dev.dlirun.planted.cycle.b.B;

/** A planted violation: half of a package cycle. Test fixture only. */
public class A {
    public B b;
}
