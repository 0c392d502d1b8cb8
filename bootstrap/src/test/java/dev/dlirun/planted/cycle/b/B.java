package dev.dlirun.planted.cycle.b;

import dev.dlirun.planted.cycle.a.A;

/** A planted violation: the other half of a package cycle. Test fixture only. */
public class B {
    public A a;
}
