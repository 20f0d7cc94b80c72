No alpha commands are available in this version of kubectl
