extension PlaneGraph {
    /// The one link an endpoint hangs off in this plane and the switch (a local index) at its other
    /// end; nil when the endpoint has no usable link into the plane or more than one. Every endpoint
    /// with the same switch reaches a destination by the same route from that switch on under
    /// D-mod-K (`RouteCache`), and splits its traffic the same way from there under fluid routing.
    public func soleUplink(of device: DeviceID) -> (link: LinkID, switch: Int32)? {
        guard isAttached(device) else { return nil }
        let a = Int(attachStart[Int(device)])
        guard attachStart[Int(device) + 1] == attachStart[Int(device)] + 1 else { return nil }
        return (attachLink[a], attachTo[a])
    }
}
