from stride_tui.cli import run

run()
