"""Lesson 20 (notebooks/20_cnn_on_mnist.ipynb): a LeNet-style CNN on MNIST and a look inside it (slides "Architecture and Components", "Fully Connected Layer")."""
