package dev.dlirun.planted.stray;

/** A planted violation: a class in no layer of the hexagon. Test fixture only. */
public class Stray {
}
