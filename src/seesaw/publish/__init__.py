"""Publishing: static images, exported figures, the HTML report, notebook display and the explorer."""
