import Documents
import InterlockCore
import Testing

@testable import Manifests

/// KubeVirt VirtualMachines and VirtualMachineInstances as workloads, written as the KubeVirt user
/// guide shows them (masquerade binding with ports, a multus secondary network, a GPU), and as
/// `kubectl get vm,vmi,pod -o yaml` lists a running VM: each VM counted once.
@Suite struct KubeVirtTests {
    static let vm = """
        apiVersion: kubevirt.io/v1
        kind: VirtualMachine
        metadata: {name: db, namespace: lab}
        spec:
          runStrategy: Always
          template:
            metadata: {labels: {app: db, kubevirt.io/domain: db}}
            spec:
              domain:
                devices:
                  gpus: [{name: gpu1, deviceName: nvidia.com/GA102GL_A10}]
                  interfaces:
                  - name: default
                    masquerade: {}
                    ports: [{name: pg, port: 5432}, {port: 53, protocol: UDP}]
                  - name: storage
                    bridge: {}
              networks:
              - name: default
                pod: {}
              - name: storage
                multus: {networkName: storage-net}
        ---

        """

    static let vmi = """
        apiVersion: kubevirt.io/v1
        kind: VirtualMachineInstance
        metadata:
          name: db
          namespace: lab
          labels: {app: db, kubevirt.io/domain: db}
          ownerReferences: [{apiVersion: kubevirt.io/v1, kind: VirtualMachine, name: db, controller: true, uid: u1}]
        spec:
          domain:
            devices:
              interfaces:
              - {name: default, masquerade: {}, ports: [{name: pg, port: 5432}]}
              - {name: storage, bridge: {}}
          networks:
          - {name: default, pod: {}}
          - {name: storage, multus: {networkName: storage-net}}
        status:
          nodeName: gpu-node-3
          interfaces:
          - {name: default, interfaceName: eth0, ipAddress: 10.128.2.17, ipAddresses: [10.128.2.17, "fd02::11"]}
          - {name: storage, interfaceName: eth1, ipAddress: 192.168.50.9}
        ---

        """

    static let launcher = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: virt-launcher-db-x7k2p
          namespace: lab
          labels: {app: db, kubevirt.io: virt-launcher, kubevirt.io/domain: db, vm.kubevirt.io/name: db}
          ownerReferences: [{apiVersion: kubevirt.io/v1, kind: VirtualMachineInstance, name: db, controller: true, uid: u2}]
        spec:
          nodeName: gpu-node-3
          containers: [{name: compute}]
        status: {podIP: 10.128.2.17, podIPs: [{ip: 10.128.2.17}]}
        ---

        """

    func load(_ text: String) throws -> Inventory {
        try ManifestLoader.load(documents: SourceLoader.documents(bytes: Array(text.utf8), file: "vm.yaml")).inventory
    }

    @Test func aVirtualMachineIsAWorkloadMadeFromItsInstanceTemplate() throws {
        let inventory = try load(Self.vm)
        #expect(inventory.workloads.map(\.id) == ["lab/db[VirtualMachine]"])
        let pod = inventory.pods[inventory.workloads[0].representative]
        #expect(pod.isRepresentative && pod.ips.isEmpty && pod.nodeName == nil)
        #expect(pod.labels == ["app": "db", "kubevirt.io/domain": "db"])
        #expect(
            pod.ports == [
                ContainerPort(name: "pg", port: 5432, proto: .tcp), ContainerPort(name: nil, port: 53, proto: .udp),
            ])
        #expect(pod.interfaces.map(\.network) == ["lab/storage-net"])
        #expect(pod.resourceQuantities == ["nvidia.com/GA102GL_A10": 1])
    }

    @Test func anInstanceWithoutItsLauncherPodStandsForIt() throws {
        let inventory = try load(Self.vm + Self.vmi)
        #expect(inventory.workloads.map(\.id) == ["lab/db[VirtualMachine]"])
        #expect(inventory.pods.count == 1)
        let pod = inventory.pods[0]
        #expect(!pod.isRepresentative && pod.name == "db" && pod.nodeName == "gpu-node-3")
        #expect(pod.ips == [IPAddress("10.128.2.17")!, IPAddress("fd02::11")!])
        #expect(pod.interfaces.first?.ips == [IPAddress("192.168.50.9")!])
        #expect(inventory.owner(of: IPAddress("10.128.2.17")!, on: .pod) == .pod(0))
        #expect(inventory.nodes.map(\.name) == ["gpu-node-3"])
    }

    /// The virt-launcher pod carries the instance's labels: it is the VM's pod, and the instance is not
    /// counted again.
    @Test func theLauncherPodGroupsUnderTheVirtualMachineOnce() throws {
        for text in [Self.vm + Self.vmi + Self.launcher, Self.launcher + Self.vmi + Self.vm] {
            let inventory = try load(text)
            #expect(inventory.workloads.map(\.id) == ["lab/db[VirtualMachine]"])
            #expect(inventory.pods.map(\.name) == ["virt-launcher-db-x7k2p"])
        }
    }

    @Test func anInstanceWithoutVirtualMachineIsItsOwnWorkload() throws {
        let standalone = Self.vmi.replacingOccurrences(
            of:
                "  ownerReferences: [{apiVersion: kubevirt.io/v1, kind: VirtualMachine, name: db, controller: true, uid: u1}]\n",
            with: "")
        #expect(try load(standalone).workloads.map(\.id) == ["lab/db[VirtualMachineInstance]"])
        #expect(try load(standalone + Self.launcher).workloads.map(\.id) == ["lab/db[VirtualMachineInstance]"])
        #expect(try load(Self.launcher).workloads.map(\.id) == ["lab/db[VirtualMachineInstance]"])
    }
}
