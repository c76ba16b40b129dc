import InterlockCLI

InterlockMain.run()
